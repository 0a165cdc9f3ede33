import { describe, expect, it } from 'vitest';
import { signatureHeader, signPayload, verifySignature } from '@/lib/hmac';

const secret = 'test-webhook-secret-0123456789';
const body = JSON.stringify({ eventId: 'evt-1', subject: 'sub-1', completedAt: '2026-11-22T18:00:00Z', course: 'careconnect-privacy' });
const now = new Date('2026-11-22T18:05:00Z');
const t = Math.floor(now.getTime() / 1000);

const check = (header: string | null, rawBody = body, at = now) =>
  verifySignature({ secret, header, rawBody, now: at });

describe('signPayload', () => {
  it('is hex HMAC-SHA256 over "timestamp.body" (known vector)', () => {
    // openssl: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
    expect(signPayload('key', 1_700_000_000, '{}')).toBe('9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae');
    expect(signPayload('key', 1_700_000_000, '{}')).not.toBe(signPayload('key', 1_700_000_001, '{}'));
  });
});

describe('verifySignature', () => {
  it('accepts a valid signature and returns its timestamp', () => {
    expect(check(signatureHeader(secret, t, body))).toEqual({ ok: true, timestamp: t });
  });

  it('accepts upper-case hex, spaces around parts, and a second (rotated) v1', () => {
    const good = signPayload(secret, t, body).toUpperCase();
    const other = signPayload('another-secret-9876543210', t, body);
    expect(check(` t=${t} , v1=${other}, v1=${good}`)).toEqual({ ok: true, timestamp: t });
  });

  it('refuses a tampered body', () => {
    const header = signatureHeader(secret, t, body);
    expect(check(header, body.replace('sub-1', 'sub-2'))).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(header, `${body} `)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a signature made with another secret', () => {
    expect(check(signatureHeader('wrong-secret-0123456789', t, body))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp that was re-written onto an old signature', () => {
    const old = signPayload(secret, t - 1000, body);
    expect(check(`t=${t},v1=${old}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a stale timestamp (older than the tolerance) and accepts one at the edge', () => {
    expect(check(signatureHeader(secret, t - 301, body))).toEqual({ ok: false, reason: 'stale' });
    expect(check(signatureHeader(secret, t - 300, body))).toEqual({ ok: true, timestamp: t - 300 });
    expect(
      verifySignature({ secret, header: signatureHeader(secret, t - 61, body), rawBody: body, now, toleranceSeconds: 60 }),
    ).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses a timestamp from the future beyond the tolerance', () => {
    expect(check(signatureHeader(secret, t + 301, body))).toEqual({ ok: false, reason: 'future' });
    expect(check(signatureHeader(secret, t + 299, body))).toEqual({ ok: true, timestamp: t + 299 });
  });

  it.each([
    ['no t', `v1=${'a'.repeat(64)}`],
    ['no v1', `t=${t}`],
    ['t not a number', `t=abc,v1=${'a'.repeat(64)}`],
    ['t in milliseconds-looking garbage', `t=1.5,v1=${'a'.repeat(64)}`],
    ['t twice', `t=${t},t=${t},v1=${'a'.repeat(64)}`],
    ['v1 too short', `t=${t},v1=abc`],
    ['v1 not hex', `t=${t},v1=${'z'.repeat(64)}`],
    ['no equals sign', 'garbage'],
    ['bare signature', signPayload(secret, t, body)],
  ])('refuses a malformed header (%s)', (_name, header) => {
    expect(check(header)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([null, '', '   '])('refuses a missing header (%j)', (header) => {
    expect(check(header)).toEqual({ ok: false, reason: 'missing' });
  });
});
