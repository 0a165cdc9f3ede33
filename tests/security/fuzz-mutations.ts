// fast-check arbitraries that bend a valid action input out of shape, one way at a time.
import fc from 'fast-check';

export type Kind =
  | 'not-an-object' // null, a number, a string, an array… instead of the form's object
  | 'wrong-type' // one field holds another type
  | 'unknown-field' // an extra field a form never sends (status, role, worksiteId…)
  | 'proto-key' // __proto__ / constructor.prototype, as JSON.parse makes them
  | 'huge-string' // one field is 1 MB
  | 'nul-byte' // a NUL byte inside one field
  | 'crlf-one-line' // a line break (and a would-be header) inside a one-line field
  | 'confusable'; // look-alike letters, zero-width and bidirectional characters

/** Kinds that can never be a valid form: each must get a validation answer and write nothing. */
export const MUST_REFUSE: readonly Kind[] = [
  'not-an-object',
  'wrong-type',
  'unknown-field',
  'proto-key',
  'huge-string',
  'nul-byte',
  'crlf-one-line',
];

/** Record references (ids, tokens, Worksite IDs) answer a malformed value like a forged one:
 * not found (decision 010), so they never reveal a format rule. */
export const isReference = (field: string) => /(^id|Id|^token|Code)$/.test(field);

export type Mutation = { kind: Kind; field: string; input: unknown };

const UNKNOWN_KEYS = [
  'status',
  'role',
  'worksiteId',
  'personId',
  'isSiteAdmin',
  'staffRoles',
  'createdById',
  'id',
];
const ONE_LINE = /(name|email|phone|title|code|id|token|signature|key|city|street|postal|vendor)$/i;
const MB = 1024 * 1024;
const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  i: 'і',
  A: 'А',
  E: 'Е',
  O: 'О',
};

type Path = (string | number)[];
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function leaves(v: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (isObj(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return path.length ? [{ path, value: v }] : [];
}

function setAt(v: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, value) : x));
  return {
    ...(v as Record<string, unknown>),
    [head as string]: setAt((v as Record<string, unknown>)[head as string], rest, value),
  };
}

const fieldName = (path: Path) => String(path.filter((p) => typeof p === 'string').at(-1) ?? '');

function otherType(value: unknown): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 8 }).filter((s) => !['true', 'false', 'on'].includes(s)),
    number: fc.oneof(fc.integer(), fc.constant(Number.NaN), fc.double()),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
    object: fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
  };
  const own =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'object'
          ? 'object'
          : typeof value;
  return fc.oneof(
    ...Object.entries(all)
      .filter(([k]) => k !== own)
      .map(([, a]) => a),
  );
}

const withProto = (base: unknown, key: '__proto__' | 'constructor') =>
  Object.assign(
    JSON.parse(
      key === '__proto__'
        ? '{"__proto__":{"polluted":"yes"}}'
        : '{"constructor":{"prototype":{"polluted":"yes"}}}',
    ),
    base,
  );

const confuse = (s: string, how: number) =>
  how === 0
    ? [...s].map((ch) => HOMOGLYPHS[ch] ?? ch).join('')
    : how === 1
      ? `${s.slice(0, 1)}\u200b${s.slice(1)}\u200d`
      : how === 2
        ? `\u202e${s}\u202c`
        : s
            .normalize('NFD')
            .replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)); // fullwidth

/** Mutations of one valid input; FormData inputs are mutated through their JSON `fields`. */
export function mutation(valid: unknown): fc.Arbitrary<Mutation> {
  const form = valid instanceof FormData ? valid : null;
  const base = form ? JSON.parse(String(form.get('fields'))) : valid;
  const wrap = (kind: Kind, field: string, input: unknown): Mutation => {
    let out = input;
    if (form && isObj(input)) {
      const f = new FormData();
      f.set('fields', JSON.stringify(input));
      const file = form.get('antivirusScreenshot');
      if (file) f.set('antivirusScreenshot', file);
      out = f;
    }
    // Short, readable counterexamples: never print a 1 MB value.
    return Object.assign(
      { kind, field, input: out },
      { [fc.toStringMethod]: () => `${kind} in "${field}"` },
    );
  };

  const all = leaves(base);
  const strings = all.filter((l) => typeof l.value === 'string');
  const oneLine = strings.filter((l) => ONE_LINE.test(fieldName(l.path)));
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc
      .constantFrom<unknown>(null, undefined, 42, 'text', [], [base], true)
      .map((v) => wrap('not-an-object', '', form ? v : v)),
    fc
      .tuple(
        fc.constantFrom(...UNKNOWN_KEYS.filter((k) => !isObj(base) || !(k in base))),
        fc.jsonValue(),
      )
      .map(([k, v]) => wrap('unknown-field', k, { ...(isObj(base) ? base : {}), [k]: v })),
    fc
      .constantFrom('__proto__' as const, 'constructor' as const)
      .map((k) => wrap('proto-key', k, withProto(base, k))),
  ];
  if (all.length) {
    arbs.push(
      fc
        .constantFrom(...all)
        .chain((l) =>
          otherType(l.value).map((v) =>
            wrap('wrong-type', fieldName(l.path), setAt(base, l.path, v)),
          ),
        ),
    );
  }
  if (strings.length) {
    const pick = fc.constantFrom(...strings);
    arbs.push(
      fc
        .tuple(pick, fc.constantFrom('a', 'é', '<', '😀'))
        .map(([l, ch]) =>
          wrap('huge-string', fieldName(l.path), setAt(base, l.path, ch.repeat(MB / ch.length))),
        ),
      fc.tuple(pick, fc.nat()).map(([l, n]) => {
        const s = String(l.value);
        const at = s.length ? n % s.length : 0;
        return wrap(
          'nul-byte',
          fieldName(l.path),
          setAt(base, l.path, `${s.slice(0, at)}\u0000${s.slice(at) || 'x'}`),
        );
      }),
      fc
        .tuple(pick, fc.nat(3))
        .map(([l, how]) =>
          wrap('confusable', fieldName(l.path), setAt(base, l.path, confuse(String(l.value), how))),
        ),
    );
  }
  if (oneLine.length) {
    arbs.push(
      fc
        .tuple(
          fc.constantFrom(...oneLine),
          fc.constantFrom('\r\nBcc: evil@example.com', '\nX-Injected: 1', '\rX-Injected: 1'),
        )
        .map(([l, crlf]) =>
          wrap(
            'crlf-one-line',
            fieldName(l.path),
            setAt(base, l.path, `${String(l.value) || 'x'}${crlf}`),
          ),
        ),
    );
  }
  return fc.oneof(...arbs);
}
