// CSV (RFC 4180) for the team's exports, safe to open in a spreadsheet.
//
// A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
// before reading a formula) would be run as a formula: it gets a leading single quote, so a
// name such as "=HYPERLINK(…)" typed into a form shows as text (OWASP "CSV injection").

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text neutralised and quoted when needed; dates as ISO 8601 UTC; nothing as empty. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended with CRLF as RFC 4180 says. */
export const csvRow = (cells: readonly CsvValue[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Several records at once, for a batch of rows. */
export const csvRows = (rows: readonly (readonly CsvValue[])[]): string => rows.map(csvRow).join('');
