import { afterEach, describe, expect, it } from 'vitest';
import { log, logFor } from '@/server/log';
import { captureLog } from '../support/log-capture';
import { setNow, TRAPS } from '../support/clock';

let capture: ReturnType<typeof captureLog> | undefined;
afterEach(() => capture?.stop());

function logged(write: () => void): {
  text: string;
  lines: ReturnType<typeof captureLog>['lines'];
} {
  capture = captureLog();
  write();
  capture.stop();
  return { text: JSON.stringify(capture.lines), lines: capture.lines };
}

describe('log', () => {
  it('writes one JSON line with level, message, fields and the portal clock’s time', () => {
    setNow(TRAPS.ordinaryTuesday);
    const { lines } = logged(() => log.warn('throttle.refused', { throttle: 'join', count: 3 }));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'throttle.refused',
      throttle: 'join',
      count: 3,
    });
    const drift = Date.parse(String(line!.t)) - TRAPS.ordinaryTuesday.getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(60_000);
  });

  it('never writes tokens, secrets, cookies or authorization headers, however deep', () => {
    const { text } = logged(() =>
      log.error('callback failed', {
        token: 'tok-top-1',
        account: { accessToken: 'tok-nested-2', idToken: 'tok-nested-3' },
        request: {
          headers: { authorization: 'Bearer tok-header-4', cookie: '__Host-session=tok-cookie-5' },
        },
        config: { clientSecret: 'tok-secret-6', password: 'tok-pass-7' },
      }),
    );
    expect(text).not.toMatch(/tok-/);
    expect(text).toContain('[redacted]');
  });

  it('never writes an email address, in a named field or inside any text', () => {
    const { text, lines } = logged(() =>
      log.warn('no email address for a decision notice', {
        email: 'pat.lee@example.org',
        person: { contactEmail: 'pat@clinic.example' },
        reason: 'duplicate of Dana.Ng+work@health.example',
        attempts: [{ detail: 'bounced for sam@x.example.ca' }],
      }),
    );
    expect(text).not.toMatch(/@/);
    expect(lines[0]).toMatchObject({ reason: 'duplicate of [email]' });
  });

  it('never writes a licence number, by name or typed into a search or an error', () => {
    const { text } = logged(() =>
      log.info('search', {
        licenceNumber: '12345',
        enrolment: { licenceNumber: '1234567' },
        query: 'licence 54321',
        error: new Error('duplicate key (licenceNumber)=(7654321)'),
      }),
    );
    expect(text).not.toMatch(/12345|1234567|54321|7654321/);
  });

  it('writes an error’s message and stack, masked, and keeps ordinary numbers', () => {
    const { lines } = logged(() =>
      log.error('action failed', {
        error: new Error('relation "Secret" does not exist for a@b.example'),
        sent: 12345,
      }),
    );
    const error = lines[0]!.error as { message: string; stack: string };
    expect(error.message).toBe('relation "Secret" does not exist for [email]');
    expect(error.stack).toContain('log.test.ts');
    expect(lines[0]!.sent).toBe(12345);
  });

  it('keeps ports and line numbers readable in an error', () => {
    const { lines } = logged(() =>
      log.error('smtp', { error: new Error('connect ECONNREFUSED 127.0.0.1:54321') }),
    );
    expect((lines[0]!.error as { message: string }).message).toBe(
      'connect ECONNREFUSED 127.0.0.1:54321',
    );
  });

  it('a request’s logger carries its request id on every line', () => {
    const { lines } = logged(() => {
      const l = logFor({ requestId: 'req-7f3a' });
      l.warn('first');
      l.error('second', { step: 2 });
    });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['first', 'req-7f3a'],
      ['second', 'req-7f3a'],
    ]);
  });

  it('stays below LOG_LEVEL: debug lines are not written at the default level', () => {
    const { lines } = logged(() => log.debug('noise'));
    expect(lines).toEqual([]);
  });
});
