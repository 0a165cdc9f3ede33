import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { UNAVAILABLE_MESSAGE } from '@/lib/unavailable';
import { endOutage, OUTAGE_RETURN_HEADER, recordOutage } from '@/server/outage-state';
import { captureLog } from '../support/log-capture';

afterEach(() => {
  endOutage();
});

const forwarded = (res: Response, name: string) => res.headers.get(`x-middleware-request-${name}`);
const req = (path: string, init?: ConstructorParameters<typeof NextRequest>[1]) => new NextRequest(`http://localhost:3000${path}`, init);

describe('while the database is known to be unreachable', () => {
  it('answers every page request itself: 503, the plain message, a reference that is logged with the cause', async () => {
    recordOutage('CAUSE123', 'Error: connect ECONNREFUSED 127.0.0.1:5432', 60_000);
    const log = captureLog();
    const res = proxy(req('/admin/people?q=x', { headers: { cookie: 'next-auth.session-token=abc' } }));
    log.stop();
    expect(res.status).toBe(503);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Retry-After')).toBe('120');
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    // Nobody is signed out: the session cookie is left alone.
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const body = await res.text();
    expect(body).toContain(UNAVAILABLE_MESSAGE);
    const reference = /reference <strong>([0-9A-F]{8})<\/strong>/.exec(body)?.[1];
    expect(reference).toBeTruthy();
    expect(log.find('page unavailable: database unreachable')).toEqual([
      expect.objectContaining({
        reference,
        requestId: res.headers.get('X-Request-Id'),
        path: '/admin/people',
        outage: expect.objectContaining({ reference: 'CAUSE123', detail: 'Error: connect ECONNREFUSED 127.0.0.1:5432' }),
      }),
    ]);
  });

  it('answers client navigations (RSC requests) the same way, so the browser loads the 503 page', () => {
    recordOutage('R', 'down', 60_000);
    expect(proxy(req('/worksites?_rsc=abc', { headers: { rsc: '1' } })).status).toBe(503);
  });

  it('lets server actions, route handlers and files through: they answer for themselves', () => {
    recordOutage('R', 'down', 60_000);
    const action = proxy(req('/admin/people/x', { method: 'POST', headers: { 'next-action': 'abc123' } }));
    expect(action.status).toBe(200);
    expect(action.headers.get('x-middleware-next')).toBe('1');
    expect(proxy(req('/api/health')).headers.get('x-middleware-next')).toBe('1');
    expect(proxy(req('/api/v1/access?subject=x')).headers.get('x-middleware-next')).toBe('1');
    expect(proxy(req('/icon.svg')).headers.get('x-middleware-next')).toBe('1');
  });
});

describe('while the database answers', () => {
  it('passes page requests on, marked with the address to come back to if the outage is noticed while rendering', () => {
    const res = proxy(req('/admin/queue?type=enrolment&_rsc=x1'));
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(forwarded(res, OUTAGE_RETURN_HEADER)).toBe('/admin/queue?type=enrolment');
  });

  it('never marks actions, route handlers or other methods', () => {
    for (const r of [
      req('/admin', { method: 'POST', headers: { 'next-action': 'abc' } }),
      req('/api/files/1'),
      req('/admin', { method: 'DELETE' }),
    ]) {
      expect(forwarded(proxy(r), OUTAGE_RETURN_HEADER)).toBeNull();
    }
  });

  it('drops the header when a client sends it', () => {
    const res = proxy(req('/api/v1/access', { headers: { [OUTAGE_RETURN_HEADER]: 'https://evil.example/' } }));
    expect(forwarded(res, OUTAGE_RETURN_HEADER)).toBeNull();
    const page = proxy(req('/profile', { headers: { [OUTAGE_RETURN_HEADER]: 'https://evil.example/' } }));
    expect(forwarded(page, OUTAGE_RETURN_HEADER)).toBe('/profile');
  });

  it('never sends anyone to another site', () => {
    expect(forwarded(proxy(req('//evil.example/x')), OUTAGE_RETURN_HEADER)).toBe('/');
  });
});
