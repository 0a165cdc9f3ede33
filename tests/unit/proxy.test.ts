import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxy } from '@/proxy';

afterEach(() => vi.unstubAllEnvs());

const csp = (res: Response) => res.headers.get('Content-Security-Policy') ?? '';

describe('proxy security headers', () => {
  it('sets a strict CSP with a fresh nonce on every request', () => {
    const a = proxy(new NextRequest('http://localhost:3000/profile'));
    const b = proxy(new NextRequest('http://localhost:3000/profile'));
    expect(csp(a)).toContain("frame-ancestors 'none'");
    expect(csp(a)).toContain("object-src 'none'");
    expect(csp(a)).toContain("form-action 'self'");
    expect(csp(a)).not.toContain("'unsafe-inline' 'strict-dynamic'");
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(csp(r))?.[1];
    expect(nonce(a)).toBeTruthy();
    expect(nonce(a)).not.toBe(nonce(b));
  });

  it('serves uploaded files under a sandbox that allows nothing', () => {
    expect(csp(proxy(new NextRequest('http://localhost/api/files/0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b')))).toBe("default-src 'none'; sandbox");
  });

  it('gives every response a request id, keeping a sane incoming one and replacing a hostile one', () => {
    expect(proxy(new NextRequest('http://localhost/', { headers: { 'x-request-id': 'abc12345-upstream' } })).headers.get('X-Request-Id')).toBe('abc12345-upstream');
    const hostile = proxy(new NextRequest('http://localhost/', { headers: { 'x-request-id': 'x\u0001<script>' } })).headers.get('X-Request-Id');
    expect(hostile).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pins https only for responses served over https in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(proxy(new NextRequest('https://my.example.org/')).headers.get('Strict-Transport-Security')).toMatch(/max-age=\d+/);
    expect(proxy(new NextRequest('http://my.example.org/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('Strict-Transport-Security')).toBeTruthy();
    expect(proxy(new NextRequest('http://localhost:3000/')).headers.get('Strict-Transport-Security')).toBeNull();
    expect(csp(proxy(new NextRequest('https://my.example.org/')))).not.toContain('unsafe-eval');
  });
});
