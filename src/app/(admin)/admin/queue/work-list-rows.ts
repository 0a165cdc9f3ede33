import type { AgeTone } from '@/lib/business-days';

// The work list's rows as plain data, for its client table (work-list-table.tsx). They cross to
// the browser as arrays, not objects: on 50 rows the repeated field names were a tenth of the
// page (docs/decisions/033). Not a client module, so the page can pack what the table unpacks.

export type WorkListRow = {
  key: string;
  href: string;
  subject: string;
  typeLabel: string;
  personName: string | null;
  worksiteName: string | null;
  worksiteCode: string | null;
  status: string;
  statusLabel: string;
  reasonText: string | null;
  /** Already in Pacific time: the browser's zone must not change it. */
  since: string;
  ageTone: AgeTone;
  ageText: string;
  assignee: string;
};

const FIELDS = [
  'key',
  'href',
  'subject',
  'typeLabel',
  'personName',
  'worksiteName',
  'worksiteCode',
  'status',
  'statusLabel',
  'reasonText',
  'since',
  'ageTone',
  'ageText',
  'assignee',
] as const satisfies readonly (keyof WorkListRow)[];

type Fields = typeof FIELDS;
// A field added to the row but not to FIELDS would be dropped on the way: refuse to compile.
const everyField: Exclude<keyof WorkListRow, Fields[number]> extends never ? true : never = true;
void everyField;

export type PackedRow = { -readonly [I in keyof Fields]: WorkListRow[Fields[I] & keyof WorkListRow] };

export const packRow = (r: WorkListRow): PackedRow => FIELDS.map((f) => r[f]) as unknown as PackedRow;

export const unpackRow = (p: PackedRow): WorkListRow =>
  Object.fromEntries(FIELDS.map((f, i) => [f, p[i]])) as WorkListRow;
