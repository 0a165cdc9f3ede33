import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { unavailableDigest, unavailableHtml, unavailableReference, UNAVAILABLE_MESSAGE } from '@/lib/unavailable';
import { awaitDatabase, DatabaseUnavailableError, isDatabaseUnreachable } from '@/server/outage';

const sysError = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });

describe('what counts as the database being unreachable', () => {
  const unreachable: [string, unknown][] = [
    ['refused (restarting, down)', sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['reset', sysError('ECONNRESET', 'read ECONNRESET')],
    ['cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a new connection that never answered', new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') })],
    ['no pooled connection came free', new Error('timeout exceeded when trying to connect')],
    ['the server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' })],
    ['the server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03', severity: 'FATAL' })],
    ['Prisma: cannot reach the server', Object.assign(new Error('Can’t reach it'), { name: 'PrismaClientKnownRequestError', code: 'P1001' })],
    ['Prisma: a driver adapter error', Object.assign(new Error('driver adapter error'), { cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1' } })],
    ['Prisma: in meta', Object.assign(new Error('x'), { meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })],
    ['wrapped deeper', new Error('session lookup failed', { cause: new Error('outer', { cause: sysError('ECONNREFUSED', 'refused') }) })],
    ['our own', new DatabaseUnavailableError(new Error('no answer'))],
  ];
  it.each(unreachable)('%s', (_what, e) => {
    expect(isDatabaseUnreachable(e)).toBe(true);
  });

  const other: [string, unknown][] = [
    ['a unique violation', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a check violation from a trigger', Object.assign(new Error('LAST_SITE_ADMIN: worksite would have no active site admin'), { code: '23514' })],
    ['a refusal', new DomainError('NOT_FOUND', 'We could not find that.')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ];
  it.each(other)('not %s', (_what, e) => {
    expect(isDatabaseUnreachable(e)).toBe(false);
  });

  it('survives an error that wraps itself', () => {
    const e = new Error('loop') as Error & { cause?: unknown };
    e.cause = e;
    expect(isDatabaseUnreachable(e)).toBe(false);
  });
});

describe('an outage error', () => {
  it('carries a short reference that error pages read back from its digest', () => {
    const e = new DatabaseUnavailableError(new Error('refused'));
    expect(e.reference).toMatch(/^[0-9A-F]{8}$/);
    expect(e.digest).toBe(unavailableDigest(e.reference));
    expect(unavailableReference(e.digest)).toBe(e.reference);
  });

  it('is not confused with any other error digest', () => {
    expect(unavailableReference('1234567890')).toBeNull();
    expect(unavailableReference('NEXT_REDIRECT;replace;/;307;')).toBeNull();
    expect(unavailableReference(undefined)).toBeNull();
  });
});

describe('waiting for the database: an outage, or only a busy moment?', () => {
  const opts = (probe: (ms: number) => Promise<boolean>, extra = {}) => ({ ms: 40, busyLimitMs: 200, probe, ...extra });
  const calls: number[] = [];
  const probeSaying = (ok: boolean | 'never') => (ms: number) => {
    calls.push(ms);
    return ok === 'never' ? new Promise<boolean>(() => {}) : Promise.resolve(ok);
  };
  const after = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error);

  it('gives the answer when it comes in time, without asking a probe', async () => {
    calls.length = 0;
    await expect(awaitDatabase(Promise.resolve('answer'), opts(probeSaying(false)))).resolves.toBe('answer');
    await expect(awaitDatabase(Promise.reject(new Error('refused')), opts(probeSaying(false)))).rejects.toThrow('refused');
    expect(calls).toEqual([]);
  });

  it('keeps waiting for a slow answer while the database answers a probe (a cold start, a loaded host)', async () => {
    await expect(awaitDatabase(after(120, 'answer'), opts(probeSaying(true)))).resolves.toBe('answer');
  });

  it('calls it an outage when a probe on a new connection fails too', async () => {
    const e = await failure(awaitDatabase(new Promise(() => {}), opts(probeSaying(false))));
    expect(e).toBeInstanceOf(DatabaseUnavailableError);
    expect((e!.cause as Error).message).toBe('no answer within 40 ms, and a new connection failed');
  });

  it('calls it an outage when the probe does not answer either (a hung database)', async () => {
    const e = await failure(awaitDatabase(new Promise(() => {}), opts(probeSaying('never'))));
    expect(e).toBeInstanceOf(DatabaseUnavailableError);
    expect((e!.cause as Error).message).toBe('no answer within 40 ms, and none to a new connection either');
  });

  it('gives up on a database that answers probes but never this request, after the busy limit', async () => {
    const e = await failure(awaitDatabase(new Promise(() => {}), opts(probeSaying(true))));
    expect(e).toBeInstanceOf(DatabaseUnavailableError);
    expect((e!.cause as Error).message).toBe('the database answers, but this waited more than 200 ms');
  });

  it('lets a late failure of abandoned work pass without an unhandled rejection', async () => {
    let fail!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(awaitDatabase(late, opts(probeSaying(false)))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    fail(new Error('the answer came after all'));
    await new Promise((r) => setImmediate(r));
  });
});

describe('the 503 page', () => {
  it('says what happened, that nothing was lost, and the reference', () => {
    const html = unavailableHtml({ reference: 'AB12CD34', retryHref: '/admin' });
    expect(html).toContain(UNAVAILABLE_MESSAGE);
    expect(html).toContain('AB12CD34');
    expect(html).toContain('href="/admin"');
    expect(html).toMatch(/<html lang="en-CA">/);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes the address it links back to', () => {
    const html = unavailableHtml({ reference: 'X', retryHref: '/search?q="><script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});
