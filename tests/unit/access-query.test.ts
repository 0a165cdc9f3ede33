import { describe, expect, it } from 'vitest';
import { checkAccessQuery } from '@/server/access/schema';
import { clientAddressFrom } from '@/server/throttle/client-address';

const q = (s: string) => checkAccessQuery(new URLSearchParams(s));
const good = 'subject=abc-123&worksite=ABC2345&location=onsite';

describe('checkAccessQuery: one question, asked once', () => {
  it('accepts each known parameter once', () => {
    expect(q(good)).toEqual({ ok: true, values: { subject: 'abc-123', worksite: 'ABC2345', location: 'onsite' } });
  });

  it.each([
    ['a repeated location (the last one used to win)', `${good}&location=remote`, { location: 'location must be given once, not 2 times' }],
    ['a repeated subject, even with the same value', `${good}&subject=abc-123`, { subject: 'subject must be given once, not 2 times' }],
    ['an unknown parameter', `${good}&debug=1`, { debug: 'Unknown parameter' }],
    ['a parameter in another case', 'Subject=abc-123&worksite=ABC2345&location=onsite', { Subject: 'Unknown parameter', subject: 'subject is required' }],
    ['bracket array syntax', `worksite=ABC2345&location=onsite&subject[]=a`, { 'subject[]': 'Unknown parameter', subject: 'subject is required' }],
    ['a location of another shape', 'subject=abc-123&worksite=ABC2345&location=ONSITE', { location: 'location must be onsite or remote' }],
    ['a padded subject', 'subject=%20abc-123&worksite=ABC2345&location=onsite', { subject: 'subject must not start or end with spaces' }],
    ['a worksite that is neither an ID nor a uuid', 'subject=abc-123&worksite=ABC23456&location=onsite', { worksite: 'worksite must be a Worksite ID (7 characters) or a worksite uuid' }],
    ['a parameter with no name', `${good}&=x`, { '(empty name)': 'Unknown parameter' }],
  ])('refuses %s, naming the parameter', (_what, query, fieldErrors) => {
    expect(q(query)).toEqual({ ok: false, fieldErrors });
  });

  it('names at most ten unknown parameters, each cut to 40 characters', () => {
    const many = Array.from({ length: 50 }, (_, i) => `p${i}${'x'.repeat(60)}=1`).join('&');
    const r = q(`${good}&${many}`);
    expect(r.ok).toBe(false);
    const names = Object.keys((r as { fieldErrors: Record<string, string> }).fieldErrors);
    expect(names).toHaveLength(10);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(41);
  });
});

describe('clientAddressFrom: the address the nearest trusted proxy saw', () => {
  const h = (xff?: string, realIp?: string) => new Headers({ ...(xff ? { 'x-forwarded-for': xff } : {}), ...(realIp ? { 'x-real-ip': realIp } : {}) });

  it('takes the entry the proxy appended, not what the client wrote before it', () => {
    expect(clientAddressFrom(h('6.6.6.6, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddressFrom(h('6.6.6.6, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    expect(clientAddressFrom(h('203.0.113.9'), 1)).toBe('203.0.113.9');
  });

  it('falls back to the leftmost entry with fewer hops than configured, then to X-Real-IP', () => {
    expect(clientAddressFrom(h('203.0.113.9'), 3)).toBe('203.0.113.9');
    expect(clientAddressFrom(h(undefined, '198.51.100.1'), 1)).toBe('198.51.100.1');
    expect(clientAddressFrom(h(), 1)).toBeNull();
  });

  it('bounds what becomes part of a database key', () => {
    expect(clientAddressFrom(h(`${'A'.repeat(500)}`), 1)).toHaveLength(64);
    expect(clientAddressFrom(h('2001:DB8::1'), 1)).toBe('2001:db8::1');
  });
});
