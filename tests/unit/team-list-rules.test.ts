import { describe, expect, it } from 'vitest';
import {
  QUEUE_SOURCES,
  QUEUE_TYPES,
  STATUS_FILTER_OPTIONS,
  dateBounds,
  decodeCursor,
  encodeCursor,
  filterQuery,
  likePrefix,
  parseQueueFilter,
  parseSearch,
  queueParts,
  searchKeys,
  textIdCursor,
  timeIdCursor,
  QUEUE_DEFAULTS,
} from '@/server/team/list-rules';

const ID = '0193a3c4-1111-7aaa-8bbb-123456789abc';

describe('queue filter parsing', () => {
  it('defaults to every queue, waiting for the team, anyone, oldest first', () => {
    expect(parseQueueFilter({})).toEqual({
      ok: true,
      value: { type: 'all', status: 'open', assignee: 'anyone', sort: 'oldest' },
    });
  });

  it('reads the query string as the GET form sends it (blanks ignored, first of repeated values)', () => {
    const r = parseQueueFilter({ type: ['enrolment', 'membership'], status: 'IN_REVIEW', assignee: 'me', from: '2026-11-01', to: ' ', sort: 'newest' });
    expect(r).toEqual({ ok: true, value: { type: 'enrolment', status: 'IN_REVIEW', assignee: 'me', from: '2026-11-01', sort: 'newest' } });
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ type: 'everything' }, 'type', /type/i],
    [{ status: 'DROP TABLE' }, 'status', /status/i],
    [{ assignee: 'boss' }, 'assignee', /assigned/i],
    [{ from: '2026-13-01' }, 'from', /real date/i],
    [{ from: '2026-02-31' }, 'from', /real date/i],
    [{ to: '30/11/2026' }, 'to', /YYYY-MM-DD/],
    [{ from: '2026-11-30', to: '2026-11-01' }, 'to', /on or after/],
    [{ sort: 'random' }, 'sort', /oldest or newest/],
    [{ after: 'abc$' }, 'after', /page link/],
  ];
  it.each(bad)('refuses %j with a message on %s', (raw, field, message) => {
    const r = parseQueueFilter(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[field]).toMatch(message);
      expect(r.value).toEqual({ type: 'all', status: 'open', assignee: 'anyone', sort: 'oldest' });
    }
  });
});

describe('queue parts', () => {
  it('the open queues are the ones on the dashboard, one index range each', () => {
    expect(queueParts({ type: 'all', status: 'open' })).toEqual([
      { type: 'intake', status: 'INTAKE_SUBMITTED' },
      { type: 'declaration', status: 'DECLARATION_SUBMITTED' },
      { type: 'closure', status: 'ACTIVE' },
      { type: 'closure', status: 'SUSPENDED' },
      { type: 'enrolment', status: 'IN_REVIEW' },
      { type: 'membership', status: 'PENDING_REVIEW' },
      { type: 'waiting-sponsor', status: 'PENDING_SPONSOR' },
      { type: 'remote-access', status: 'REQUESTED' },
      { type: 'pharmanet-worksite', status: 'REQUESTED' },
      { type: 'pharmanet-worksite', status: 'INSTRUCTIONS_SENT' },
      { type: 'pharmanet-user', status: 'REQUESTED' },
      { type: 'profession-change', status: 'REQUESTED' },
    ]);
  });

  it('a status picks the types that have it; a type without it gives nothing', () => {
    // A membership waiting for a sponsor is in one queue only, so it is never listed twice.
    expect(queueParts({ type: 'all', status: 'PENDING_SPONSOR' })).toEqual([{ type: 'waiting-sponsor', status: 'PENDING_SPONSOR' }]);
    expect(queueParts({ type: 'all', status: 'REQUESTED' }).map((p) => p.type)).toEqual([
      'membership',
      'remote-access',
      'pharmanet-worksite',
      'pharmanet-user',
      'profession-change',
    ]);
    expect(queueParts({ type: 'enrolment', status: 'APPROVED' })).toEqual([{ type: 'enrolment', status: 'APPROVED' }]);
    expect(queueParts({ type: 'intake', status: 'ACTIVE' })).toEqual([]);
  });

  it('every type has a label, a link and every status a label', () => {
    for (const t of QUEUE_TYPES) {
      const s = QUEUE_SOURCES[t];
      expect(s.label).toBeTruthy();
      expect(s.href(ID, ID)).toMatch(/^\/admin\//);
      for (const st of s.statuses) expect(s.statusLabel(st)).not.toBe(st);
      for (const st of s.open) expect(s.statuses).toContain(st);
    }
    expect(QUEUE_SOURCES.enrolment.href(ID, null)).toBe(`/admin/enrolments/${ID}`);
    expect(QUEUE_SOURCES['profession-change'].href(ID, 'e1')).toBe('/admin/enrolments/e1');
    expect(STATUS_FILTER_OPTIONS[0]).toEqual({ value: 'open', label: 'Waiting for the team' });
    expect(new Set(STATUS_FILTER_OPTIONS.map((o) => o.value)).size).toBe(STATUS_FILTER_OPTIONS.length);
  });
});

describe('dates and links', () => {
  it('waiting-since bounds cover whole Pacific days', () => {
    const b = dateBounds({ from: '2026-11-30', to: '2026-11-30' });
    expect(b.from?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(b.to?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(dateBounds({})).toEqual({ from: null, to: null });
  });

  it('filter links leave out defaults and blanks', () => {
    expect(filterQuery({ type: 'all', status: 'IN_REVIEW', from: '', after: undefined }, QUEUE_DEFAULTS).toString()).toBe('status=IN_REVIEW');
  });
});

describe('keyset cursors', () => {
  it('round-trip (timestamp, id) and (text, id)', () => {
    const at = new Date('2026-11-30T12:34:56.789Z');
    expect(timeIdCursor.decode(timeIdCursor.encode(at, ID))).toEqual({ at, id: ID });
    expect(textIdCursor.decode(textIdCursor.encode("o'brien, ann", ID))).toEqual({ text: "o'brien, ann", id: ID });
  });

  const forged = [
    '',
    'not-base64-json',
    encodeCursor(['2026-11-30T00:00:00Z']),
    encodeCursor(['yesterday', ID]),
    encodeCursor(['2026-11-30T00:00:00Z', "1' OR '1'='1"]),
    Buffer.from(JSON.stringify([1, 2])).toString('base64url'),
    Buffer.from('{"at":1}').toString('base64url'),
  ];
  it.each(forged)('a forged or broken cursor %j means the first page', (c) => {
    expect(timeIdCursor.decode(c)).toBeNull();
  });

  it('decodes only the expected number of parts', () => {
    expect(decodeCursor(encodeCursor(['a', 'b', 'c']), 3)).toEqual(['a', 'b', 'c']);
    expect(decodeCursor(encodeCursor(['a', 'b', 'c']), 2)).toBeNull();
    expect(decodeCursor(encodeCursor(['x'.repeat(301), 'b']), 2)).toBeNull();
  });
});

describe('search terms', () => {
  const table: [Parameters<typeof searchKeys>[0], string, ReturnType<typeof searchKeys>][] = [
    ['people', '  Jane   SMI ', { namePrefix: 'jane smi', email: null, licence: null, worksiteCode: null }],
    ['people', 'Jane.Doe@Example.COM', { namePrefix: null, email: 'jane.doe@example.com', licence: null, worksiteCode: null }],
    ['people', '123 45', { namePrefix: '123 45', email: null, licence: '12345', worksiteCode: null }],
    ['people', 'p1 23a', { namePrefix: 'p1 23a', email: null, licence: 'P123A', worksiteCode: null }],
    ['worksites', 'hbr 7k2q', { namePrefix: 'hbr 7k2q', email: null, licence: null, worksiteCode: 'HBR7K2Q' }],
    ['worksites', 'Harbour Medical', { namePrefix: 'harbour medical', email: null, licence: null, worksiteCode: null }],
    ['worksites', 'clinic@example.com', { namePrefix: null, email: 'clinic@example.com', licence: null, worksiteCode: null }],
  ];
  it.each(table)('%s "%s"', (kind, q, expected) => {
    expect(searchKeys(kind, q)).toEqual(expected);
  });

  it('an empty term searches nothing', () => {
    expect(searchKeys('people', '   ')).toBeNull();
    expect(searchKeys('people', undefined)).toBeNull();
  });

  it('LIKE wildcards typed by people are literal', () => {
    expect(likePrefix('50%_off\\')).toBe('50\\%\\_off\\\\%');
  });

  it('parses the search form', () => {
    expect(parseSearch({ q: ' smith ' })).toEqual({ ok: true, value: { kind: 'people', q: 'smith' } });
    const r = parseSearch({ kind: 'cats', q: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.kind).toMatch(/people or worksites/);
    expect(parseSearch({ q: 'x'.repeat(101) }).ok).toBe(false);
  });
});
