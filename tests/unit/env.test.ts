import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';

const DB = 'postgres://postgres@127.0.0.1:5432/careconnect';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('names every missing secret in production, one per line', () => {
    const message = errorOf(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: DB }));
    for (const name of ['AUTH_SECRET', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']) {
      expect(message).toMatch(new RegExp(`^  - ${name}: `, 'm'));
    }
    expect(message).not.toMatch(/DATABASE_URL/);
  });

  it('treats empty strings as missing in production', () => {
    const message = errorOf(() =>
      parseEnv({
        NODE_ENV: 'production',
        DATABASE_URL: DB,
        AUTH_SECRET: '',
        OIDC_ISSUER: 'https://id.example.org',
        OIDC_CLIENT_ID: 'portal',
        OIDC_CLIENT_SECRET: 's',
      }),
    );
    expect(message).toMatch(/AUTH_SECRET/);
    expect(message).not.toMatch(/OIDC_/);
  });

  it('accepts a complete production configuration', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      DATABASE_URL: DB,
      AUTH_SECRET: 'x'.repeat(40),
      OIDC_ISSUER: 'https://id.example.org',
      OIDC_CLIENT_ID: 'portal',
      OIDC_CLIENT_SECRET: 's',
      APP_URL: 'https://my.careconnect.example.org',
    });
    expect(env.NODE_ENV).toBe('production');
    expect(env.OUTBOX_ENABLED).toBe(true);
  });

  it('refuses production without an https address, so session cookies are always Secure', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: DB,
      AUTH_SECRET: 'x'.repeat(40),
      OIDC_ISSUER: 'https://id.example.org',
      OIDC_CLIENT_ID: 'portal',
      OIDC_CLIENT_SECRET: 's',
    };
    expect(() => parseEnv(base)).toThrow(/APP_URL: must be an https:\/\/ address in production/);
    expect(() => parseEnv({ ...base, APP_URL: 'http://my.example.org' })).toThrow(/APP_URL/);
  });

  it('says plainly which required variables are not set', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: is required but not set/);
  });

  it('gives development working defaults from only a database URL', () => {
    const env = parseEnv({ DATABASE_URL: DB });
    expect(env.NODE_ENV).toBe('development');
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.OIDC_ISSUER).toBe('http://localhost:4000');
    expect(env.OIDC_CLIENT_ID).toBeTruthy();
    expect(env.SMTP_PORT).toBe(1025);
    expect(env.SMTP_SECURE).toBe(false);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
  });

  it('parses booleans and numbers from their string forms', () => {
    const env = parseEnv({
      DATABASE_URL: DB,
      OUTBOX_ENABLED: '0',
      DEMO_MODE: 'true',
      SMTP_PORT: '2525',
    });
    expect(env.OUTBOX_ENABLED).toBe(false);
    expect(env.DEMO_MODE).toBe(true);
    expect(env.SMTP_PORT).toBe(2525);
  });

  it('names an invalid DATABASE_URL', () => {
    const message = errorOf(() => parseEnv({ DATABASE_URL: 'mysql://localhost/db' }));
    expect(message).toMatch(/^  - DATABASE_URL: must be a postgres:\/\/ URL$/m);
  });
});
