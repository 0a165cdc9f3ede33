// What never reaches a log line, whoever passes it in. Two layers:
// - by field name (pino `redact`, top level and one or two levels down): secrets, tokens,
//   cookies, authorization headers, email addresses and licence numbers are replaced whole;
// - by shape (`scrub`, at any depth): email-shaped text anywhere, and licence-shaped numbers
//   (the colleges' 5 or 7 digits) in free-text fields such as search terms and error messages,
//   are masked inside the string. Errors become plain objects with their stack (and cause).
import { stdSerializers } from 'pino';

export const CENSOR = '[redacted]';

/** Field names whose value is never logged, at any of the first three levels. */
export const SECRET_FIELDS = [
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'sessionToken',
  'apiKey',
  'secret',
  'clientSecret',
  'password',
  'cookie',
  'cookies',
  'authorization',
  'set-cookie',
  'email',
  'contactEmail',
  'identityEmail',
  'to',
  'licenceNumber',
  'licence',
] as const;

export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => {
  const k = `["${f}"]`;
  return [k, `*${k}`, `*.*${k}`];
});

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Not after a colon: ports and line:column numbers in URLs and stacks stay readable.
const LICENCE = /(?<!:)\b(?:\d{7}|\d{5})\b/g;
// Free text where a person may have typed or a library may have echoed a licence number.
const FREE_TEXT = new Set([
  'q',
  'query',
  'search',
  'term',
  'message',
  'detail',
  'reason',
  'stack',
  'error',
]);
const MAX_DEPTH = 8;

function maskText(s: string, key: string | undefined): string {
  const masked = s.replace(EMAIL, '[email]');
  return key !== undefined && FREE_TEXT.has(key) ? masked.replace(LICENCE, '[licence]') : masked;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of `value` with errors serialized and email- and licence-shaped text masked. */
export function scrub(
  value: unknown,
  key?: string,
  depth = 0,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return maskText(value, key);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error)
    return scrub({ ...stdSerializers.errWithCause(value) }, key, depth + 1, seen);
  if (Array.isArray(value)) return value.map((v) => scrub(v, key, depth + 1, seen));
  if (!isPlain(value)) return value; // Dates, Buffers: their own JSON form
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k, depth + 1, seen);
  return out;
}
