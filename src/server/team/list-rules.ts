// The team's lists (SPEC §10): which records make each queue, the filter and search inputs, and
// keyset cursors. Pure: no I/O, no clock, no Prisma client.
import { z } from 'zod';
import type {
  ChangeRequestStatus,
  EnrolmentStatus,
  GrantRequestStatus,
  MembershipStatus,
  WorksiteStatus,
} from '@/generated/prisma/enums';
import { pacificDayEnd, pacificDayStart } from '../audit-viewer/rules';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { membershipStatusLabel } from '../memberships/rules';
import { PHARMANET_STATUS_LABEL } from '../pharmanet/rules';
import { REMOTE_ACCESS_STATUS_LABEL } from '../remote-access/rules';
import { normalizeWorksiteCode } from '../worksites/code';
import { statusLabel as worksiteStatusLabel } from '../worksites/rules';
import { isUuid } from '@/lib/ids';

export const LIST_PAGE_SIZE = 50;
export const EXPORT_BATCH_SIZE = 1000;

// ───────────────────────── Queues ─────────────────────────

export const QUEUE_TYPES = [
  'intake',
  'declaration',
  'closure',
  'enrolment',
  'membership',
  'waiting-sponsor',
  'remote-access',
  'pharmanet-worksite',
  'pharmanet-user',
  'profession-change',
  'worksite',
] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

export type QueueTable =
  | 'Worksite'
  | 'Enrolment'
  | 'Membership'
  | 'RemoteAccessRequest'
  | 'PharmanetWorksiteRequest'
  | 'PharmanetUserRequest'
  | 'ProfessionChangeRequest';

type Status = WorksiteStatus | EnrolmentStatus | MembershipStatus | GrantRequestStatus | ChangeRequestStatus;

const GRANT: GrantRequestStatus[] = ['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED'];
const CHANGE_LABEL: Record<ChangeRequestStatus, string> = { REQUESTED: 'Waiting for the enrolment team', APPLIED: 'Applied', DECLINED: 'Declined' };

export type QueueSource = {
  label: string;
  table: QueueTable;
  statusEnum: string; // the Postgres enum type of the status column
  /** The column a row has waited since: its last status change, its request, or its closure request. */
  since: 'statusChangedAt' | 'createdAt' | 'closureRequestedAt';
  /** Statuses in which the item waits for the team. */
  open: Status[];
  /** Every status the status filter may pick for this type. */
  statuses: Status[];
  statusLabel: (s: string) => string;
  /** Where the team decides it: a detail page, or the type's own queue page. */
  href: (id: string, enrolmentId: string | null, personId?: string | null) => string;
};

const label = <T extends string>(m: Record<T, string>) => (s: string) => m[s as T] ?? s;

export const QUEUE_SOURCES: Record<QueueType, QueueSource> = {
  intake: {
    label: 'Worksite registration', table: 'Worksite', statusEnum: 'WorksiteStatus', since: 'statusChangedAt',
    open: ['INTAKE_SUBMITTED'], statuses: ['INTAKE_SUBMITTED'],
    statusLabel: (s) => worksiteStatusLabel(s as WorksiteStatus), href: (id) => `/admin/worksites/${id}`,
  },
  declaration: {
    label: 'Declaration', table: 'Worksite', statusEnum: 'WorksiteStatus', since: 'statusChangedAt',
    open: ['DECLARATION_SUBMITTED'], statuses: ['DECLARATION_SUBMITTED'],
    statusLabel: (s) => worksiteStatusLabel(s as WorksiteStatus), href: (id) => `/admin/worksites/${id}`,
  },
  closure: {
    label: 'Closure request', table: 'Worksite', statusEnum: 'WorksiteStatus', since: 'closureRequestedAt',
    open: ['ACTIVE', 'SUSPENDED'], statuses: ['ACTIVE', 'SUSPENDED'],
    statusLabel: (s) => worksiteStatusLabel(s as WorksiteStatus), href: (id) => `/admin/worksites/${id}`,
  },
  enrolment: {
    label: 'Enrolment', table: 'Enrolment', statusEnum: 'EnrolmentStatus', since: 'statusChangedAt',
    open: ['IN_REVIEW'], statuses: ['SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'DECLINED', 'SUSPENDED'],
    statusLabel: (s) => enrolmentStatusLabel(s as EnrolmentStatus), href: (id) => `/admin/enrolments/${id}`,
  },
  membership: {
    label: 'Membership', table: 'Membership', statusEnum: 'MembershipStatus', since: 'statusChangedAt',
    open: ['PENDING_REVIEW'],
    // PENDING_SPONSOR is its own queue below, so a status filter never lists a membership twice.
    statuses: ['REQUESTED', 'INVITED', 'PENDING_REVIEW', 'ACTIVE', 'INACTIVE', 'ENDED', 'DECLINED'],
    statusLabel: (s) => membershipStatusLabel(s as MembershipStatus), href: () => '/admin/memberships',
  },
  // Nobody on the team decides these; they are listed so a dead end (no one can sponsor) is seen.
  'waiting-sponsor': {
    label: 'Waiting for a sponsor', table: 'Membership', statusEnum: 'MembershipStatus', since: 'statusChangedAt',
    open: ['PENDING_SPONSOR'], statuses: ['PENDING_SPONSOR'],
    statusLabel: (s) => membershipStatusLabel(s as MembershipStatus),
    href: (_id, _e, personId) => (personId ? `/admin/people/${personId}` : '/admin/memberships'),
  },
  'remote-access': {
    label: 'Remote access', table: 'RemoteAccessRequest', statusEnum: 'GrantRequestStatus', since: 'createdAt',
    open: ['REQUESTED'], statuses: ['REQUESTED', 'APPROVED', 'DECLINED', 'REVOKED'],
    statusLabel: label(REMOTE_ACCESS_STATUS_LABEL), href: () => '/admin/remote-access',
  },
  'pharmanet-worksite': {
    label: 'PharmaNet for a worksite', table: 'PharmanetWorksiteRequest', statusEnum: 'GrantRequestStatus', since: 'createdAt',
    open: ['REQUESTED', 'INSTRUCTIONS_SENT'], statuses: GRANT,
    statusLabel: label(PHARMANET_STATUS_LABEL), href: () => '/admin/pharmanet',
  },
  'pharmanet-user': {
    label: 'PharmaNet for a person', table: 'PharmanetUserRequest', statusEnum: 'GrantRequestStatus', since: 'createdAt',
    open: ['REQUESTED'], statuses: ['REQUESTED', 'APPROVED', 'DECLINED', 'REVOKED'],
    statusLabel: label(PHARMANET_STATUS_LABEL), href: () => '/admin/pharmanet',
  },
  'profession-change': {
    label: 'Profession change', table: 'ProfessionChangeRequest', statusEnum: 'ChangeRequestStatus', since: 'createdAt',
    open: ['REQUESTED'], statuses: ['REQUESTED', 'APPLIED', 'DECLINED'],
    statusLabel: label(CHANGE_LABEL),
    href: (id, enrolmentId) => (enrolmentId ? `/admin/enrolments/${enrolmentId}` : '/admin/enrolments'),
  },
  // Not a queue (nothing waits in it): worksites in the statuses no queue above covers, so a
  // status filter reaches every worksite. Closure requests stay in their own type.
  worksite: {
    label: 'Worksite', table: 'Worksite', statusEnum: 'WorksiteStatus', since: 'statusChangedAt',
    open: [], statuses: ['AWAITING_DECLARATION', 'CHANGES_REQUESTED', 'ACTIVE', 'SUSPENDED', 'DECLINED', 'CLOSED'],
    statusLabel: (s) => worksiteStatusLabel(s as WorksiteStatus), href: (id) => `/admin/worksites/${id}`,
  },
};

/** The types the team works through: every type but those listed only by status. */
export const WAITING_TYPES = QUEUE_TYPES.filter((t) => QUEUE_SOURCES[t].open.length > 0);

/** Every status any queue type can be filtered by, in a stable order, with a plain label. */
export const STATUS_FILTER_OPTIONS: { value: string; label: string }[] = (() => {
  const seen = new Map<string, string>();
  for (const t of QUEUE_TYPES)
    for (const s of QUEUE_SOURCES[t].statuses) if (!seen.has(s)) seen.set(s, QUEUE_SOURCES[t].statusLabel(s));
  // Labels differ a little between record types; "Waiting for the enrolment team" reads best as is.
  return [{ value: 'open', label: 'Waiting for the team' }, ...[...seen].map(([value, l]) => ({ value, label: `${l} (${value.toLowerCase().replace(/_/g, ' ')})` }))];
})();

const STATUS_VALUES = STATUS_FILTER_OPTIONS.map((o) => o.value) as [string, ...string[]];

/** The (type, status) pairs a filter covers; each becomes one index range scan. */
export function queueParts(f: Pick<QueueView, 'type' | 'status' | 'types'>): { type: QueueType; status: string }[] {
  const types = f.types ?? (f.type === 'all' ? QUEUE_TYPES : [f.type]);
  return types.flatMap((type) => {
    const s = QUEUE_SOURCES[type];
    const statuses = f.status === 'open' ? s.open : s.statuses.filter((x) => x === f.status);
    return statuses.map((status) => ({ type, status }));
  });
}

// ───────────────────────── Filter input ─────────────────────────

const optional = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional()));
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
  // JavaScript rolls 2026-02-31 over to March; only a date that reads back the same is real.
  .refine((v) => pacificDayStart(v) !== null && new Date(`${v}T12:00:00Z`).toISOString().slice(0, 10) === v, 'Enter a real date, such as 2026-11-30');
const cursorField = z.string().max(400).regex(/^[A-Za-z0-9_-]+$/, 'This page link is not valid');

export const queueFilterSchema = z
  .object({
    type: optional(z.enum(['all', ...QUEUE_TYPES], 'Choose a type from the list')).default('all'),
    status: optional(z.enum(STATUS_VALUES, 'Choose a status from the list')).default('open'),
    assignee: optional(z.enum(['anyone', 'me', 'nobody'], 'Choose who it is assigned to')).default('anyone'),
    from: optional(day),
    to: optional(day),
    sort: optional(z.enum(['oldest', 'newest'], 'Choose oldest or newest first')).default('oldest'),
    after: optional(cursorField),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date must be on or after the start date' });
export type QueueFilter = z.infer<typeof queueFilterSchema>;
/** A filter that may name several types: how a per-domain page narrows the work list. */
export type QueueView = QueueFilter & { types?: readonly QueueType[] };

/** A per-domain page's view of the work list: its defaults, narrowed to the page's types. */
export function domainView(types: readonly QueueType[], v: { status?: string; after?: string | null } = {}): QueueView {
  return { type: 'all', status: v.status ?? 'open', assignee: 'anyone', sort: 'oldest', types, after: v.after ?? undefined };
}

export type ParsedInput<T> = { ok: true; value: T } | { ok: false; value: T; errors: Record<string, string> };

/** Query-string values to a filter; on bad input, field messages and the default filter. */
export function parseQueueFilter(raw: Record<string, unknown>): ParsedInput<QueueFilter> {
  const r = queueFilterSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, value: queueFilterSchema.parse({}), errors: fieldErrors(r.error) };
}

function fieldErrors(e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of e.issues) out[String(i.path[0] ?? 'form')] ??= i.message;
  return out;
}

/** "Waiting since" bounds as instants: from the start of `from` to the end of `to`, Pacific. */
export function dateBounds(f: Pick<QueueFilter, 'from' | 'to'>): { from: Date | null; to: Date | null } {
  return { from: f.from ? pacificDayStart(f.from) : null, to: f.to ? pacificDayEnd(f.to) : null };
}

/** The filter as query-string pairs (defaults left out), for links, "next page" and export. */
export function filterQuery(f: Record<string, string | undefined>, defaults: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams(
    Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && defaults[e[0]] !== e[1]),
  );
}
export const QUEUE_DEFAULTS = { type: 'all', status: 'open', assignee: 'anyone', sort: 'oldest' };

// ───────────────────────── Keyset cursors ─────────────────────────

// A cursor is the last row's sort key, opaque to people. Decoding never trusts it: a malformed
// cursor is treated as "first page", never as SQL.
export const encodeCursor = (parts: readonly string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor(cursor: string | null | undefined, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' && x.length <= 300) ? v : null;
  } catch {
    return null;
  }
}


/** (timestamp, id): the key of every queue. */
export const timeIdCursor = {
  encode: (at: Date, id: string) => encodeCursor([at.toISOString(), id]),
  decode(cursor: string | null | undefined): { at: Date; id: string } | null {
    const p = decodeCursor(cursor, 2);
    if (!p) return null;
    const at = new Date(p[0]!);
    return Number.isNaN(at.getTime()) || !isUuid(p[1]!) ? null : { at, id: p[1]! };
  },
};

/** (sort text, id): the key of search results ordered by name. */
export const textIdCursor = {
  encode: (text: string, id: string) => encodeCursor([text, id]),
  decode(cursor: string | null | undefined): { text: string; id: string } | null {
    const p = decodeCursor(cursor, 2);
    return p && isUuid(p[1]!) ? { text: p[0]!, id: p[1]! } : null;
  },
};

// ───────────────────────── Search ─────────────────────────

export const searchSchema = z.object({
  kind: optional(z.enum(['people', 'worksites'], 'Choose people or worksites')).default('people'),
  q: optional(z.string().max(100, 'Search for 100 characters or fewer')),
  after: optional(cursorField),
});
export type SearchInput = z.infer<typeof searchSchema>;

export function parseSearch(raw: Record<string, unknown>): ParsedInput<SearchInput> {
  const r = searchSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, value: { kind: 'people' }, errors: fieldErrors(r.error) };
}

export type SearchKeys = {
  namePrefix: string | null; // lower case, single spaces; matched as a prefix
  email: string | null; // lower case; matched exactly
  licence: string | null; // upper case, no spaces; matched exactly
  worksiteCode: string | null; // canonical; matched exactly
};

/**
 * What a search term is matched against. An email address is only an email; anything else is a
 * name prefix, and also a licence number (people) or Worksite ID (worksites) when it has that shape.
 */
export function searchKeys(kind: SearchInput['kind'], q: string | undefined): SearchKeys | null {
  const text = (q ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return null;
  if (text.includes('@')) return { namePrefix: null, email: text.toLowerCase(), licence: null, worksiteCode: null };
  const compact = text.replace(/\s/g, '').toUpperCase();
  return {
    namePrefix: text.toLowerCase(),
    email: null,
    licence: kind === 'people' && /^[A-Z0-9-]{2,40}$/.test(compact) && /\d/.test(compact) ? compact : null,
    worksiteCode: kind === 'worksites' ? normalizeWorksiteCode(text) : null,
  };
}

/** A LIKE pattern matching values that start with `prefix`, wildcards in it taken literally. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
