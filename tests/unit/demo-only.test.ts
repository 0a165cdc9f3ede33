import { describe, expect, it } from 'vitest';
import {
  getAccessFallbackHTTPStatus,
  isHTTPAccessFallbackError,
} from 'next/dist/client/components/http-access-fallback/http-access-fallback';
import { demoOnly } from '@/server/demo-only';

const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

describe('pages outside the product (pattern library, benchmark floor)', () => {
  it('answer not found in production', () => {
    const e = thrown(() => demoOnly({ NODE_ENV: 'production', DEMO_MODE: false }));
    expect(isHTTPAccessFallbackError(e) && getAccessFallbackHTTPStatus(e)).toBe(404);
  });
  it.each([
    { NODE_ENV: 'production', DEMO_MODE: true },
    { NODE_ENV: 'development', DEMO_MODE: false },
    { NODE_ENV: 'test', DEMO_MODE: false },
  ] as const)('are served for %o', (e) => {
    expect(thrown(() => demoOnly(e))).toBeNull();
  });
});
