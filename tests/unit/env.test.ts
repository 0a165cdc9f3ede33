import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SIGNING_SEED } from '@/lib/audit-checkpoint';
import { parseEnv, SECURITY_SETTINGS } from '@/server/env';
import { PRODUCTION_ENV } from '../support/production-env';

const DB = 'postgres://postgres@127.0.0.1:5432/careconnect_test';
const root = path.resolve(__dirname, '../..');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected parseEnv to throw');
}

/** The setting names a refusal lists, in order. */
const named = (message: string) => [...message.matchAll(/^ {2}- ([A-Z_]+): /gm)].map((m) => m[1]);

/** `KEY=value` lines of an env file, comments and blank lines skipped. */
function envFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('parseEnv in production (NODE_ENV=production without DEMO_MODE)', () => {
  it('accepts a complete production configuration', () => {
    const env = parseEnv(PRODUCTION_ENV);
    expect(env.NODE_ENV).toBe('production');
    expect(env.PRIVACY_COURSE_WEBHOOK_SECRET).toBe(PRODUCTION_ENV.PRIVACY_COURSE_WEBHOOK_SECRET);
    expect(env.THROTTLE_INVITATIONS).toEqual([
      { limit: 20, windowMs: 3_600_000 },
      { limit: 100, windowMs: 86_400_000 },
    ]);
  });

  const required = [
    'APP_URL',
    'DATABASE_URL',
    'AUTH_SECRET',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'PRIVACY_COURSE_WEBHOOK_SECRET',
    'AUDIT_SIGNING_KEY',
    'SMTP_HOST',
    'SMTP_PORT',
    'MAIL_FROM',
    'TEAM_MAILBOX',
  ] as const;

  it.each(required)('refuses to start without %s, naming it and nothing else', (name) => {
    const { [name]: _dropped, ...rest } = PRODUCTION_ENV;
    const message = errorOf(() => parseEnv(rest));
    expect(named(message)).toEqual([name]);
    expect(message).toContain(`${name}: is required but not set`);
  });

  it('treats an empty value as missing', () => {
    const message = errorOf(() => parseEnv({ ...PRODUCTION_ENV, PRIVACY_COURSE_WEBHOOK_SECRET: '' }));
    expect(message).toContain('PRIVACY_COURSE_WEBHOOK_SECRET: is required but not set');
  });

  it('names every missing secret at once, one per line', () => {
    const message = errorOf(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: DB }));
    expect(named(message)).toEqual(expect.arrayContaining(required.filter((n) => n !== 'DATABASE_URL')));
    expect(named(message)).not.toContain('DATABASE_URL');
  });

  // Every development value the project ships: the defaults, .env.example and the dev/ launcher.
  const devValues: Array<[string, string]> = [
    ['AUTH_SECRET', 'dev-only-auth-secret-not-for-production-0123456789'],
    ['OIDC_CLIENT_SECRET', 'dev-client-secret'],
    ['OIDC_CLIENT_ID', 'careconnect-portal'],
    ['OIDC_ISSUER', 'http://localhost:4000'],
    ['OIDC_ISSUER', 'http://localhost:4100'],
    ['PRIVACY_COURSE_WEBHOOK_SECRET', 'dev-privacy-course-secret-change-me'],
    ['AUDIT_SIGNING_KEY', DEVELOPMENT_SIGNING_SEED],
    ['APP_URL', 'http://localhost:3000'],
    ['DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/careconnect'],
    ['MAIL_FROM', 'my.CareConnect <no-reply@careconnect.localhost>'],
    ['TEAM_MAILBOX', 'enrolment-team@careconnect.localhost'],
  ];

  it.each(devValues)('refuses %s set to its development value "%s", and never repeats the value', (name, value) => {
    const message = errorOf(() => parseEnv({ ...PRODUCTION_ENV, [name]: value }));
    expect(named(message)).toEqual([name]);
    expect(message).toContain(`${name}: is a development value`);
    expect(message).not.toContain(value);
  });

  it('refuses every secret and setting .env.example ships, as they are', () => {
    const example = envFile('.env.example');
    // AUTH_SECRET and DATABASE_URL are commented out there (missing is tested above).
    const { AUTH_SECRET, DATABASE_URL } = PRODUCTION_ENV;
    const message = errorOf(() => parseEnv({ ...example, NODE_ENV: 'production', AUTH_SECRET, DATABASE_URL }));
    expect(named(message)).toEqual(
      expect.arrayContaining(['APP_URL', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PRIVACY_COURSE_WEBHOOK_SECRET', 'MAIL_FROM', 'TEAM_MAILBOX', 'SMTP_HOST']),
    );
    for (const [name, value] of Object.entries(example)) {
      if (name in SECURITY_SETTINGS && SECURITY_SETTINGS[name as keyof typeof SECURITY_SETTINGS].secret && value) {
        expect(message, name).not.toContain(value);
      }
    }
  });

  it('refuses the client credentials the dev/ launcher gives its sign-in provider', () => {
    const launcher = readFileSync(path.join(root, 'dev/launch.ts'), 'utf8');
    const fallbacks = [...launcher.matchAll(/process\.env\.(OIDC_CLIENT_\w+) \?\? '([^']+)'/g)];
    expect(fallbacks.map((m) => m[1])).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']);
    for (const [, name, value] of fallbacks) {
      expect(named(errorOf(() => parseEnv({ ...PRODUCTION_ENV, [name!]: value })))).toEqual([name]);
    }
  });

  it.each([
    ['AUTH_SECRET', 'x'.repeat(40), 'looks like a placeholder'],
    ['AUTH_SECRET', 'short-secret', 'at least 32 characters'],
    ['PRIVACY_COURSE_WEBHOOK_SECRET', 'abababababababababababababababababab', 'looks like a placeholder'],
    ['PRIVACY_COURSE_WEBHOOK_SECRET', 'only-twenty-chars-ok', 'at least 32 characters'],
    ['APP_URL', 'http://portal.careconnect.example', 'must be an https:// address in production'],
    ['APP_URL', 'https://localhost:3000', 'not this machine'],
    ['NEXTAUTH_URL', 'https://other.careconnect.example', 'same address as APP_URL'],
    ['OIDC_ISSUER', 'http://id.careconnect.example', 'must be an https:// address'],
    ['MAIL_FROM', 'Portal <portal@test.localhost>', '.localhost'],
  ])('refuses %s = %s (%s)', (name, value, why) => {
    const message = errorOf(() => parseEnv({ ...PRODUCTION_ENV, [name]: value }));
    expect(named(message)).toEqual([name]);
    expect(message).toContain(why);
    expect(message).not.toContain(value);
  });

  it('refuses a mail login without its password, and the development mail catcher', () => {
    expect(named(errorOf(() => parseEnv({ ...PRODUCTION_ENV, SMTP_USER: 'portal' })))).toEqual(['SMTP_PASSWORD']);
    expect(parseEnv({ ...PRODUCTION_ENV, SMTP_USER: 'portal', SMTP_PASSWORD: 'a-real-password' }).SMTP_USER).toBe('portal');
    expect(named(errorOf(() => parseEnv({ ...PRODUCTION_ENV, SMTP_HOST: '127.0.0.1', SMTP_PORT: '1025' })))).toEqual(['SMTP_HOST']);
    // A local relay on the usual port is a real choice.
    expect(parseEnv({ ...PRODUCTION_ENV, SMTP_HOST: '127.0.0.1', SMTP_PORT: '25' }).SMTP_PORT).toBe(25);
  });

  it('allows http to a sign-in provider on this machine only, and NEXTAUTH_URL equal to APP_URL', () => {
    expect(parseEnv({ ...PRODUCTION_ENV, OIDC_ISSUER: 'http://localhost:41234' }).OIDC_ISSUER).toBe('http://localhost:41234');
    expect(parseEnv({ ...PRODUCTION_ENV, NEXTAUTH_URL: `${PRODUCTION_ENV.APP_URL}/` }).NEXTAUTH_URL).toBeTruthy();
  });

  it('refuses a throttle that is not a limit, naming it', () => {
    const message = errorOf(() => parseEnv({ ...PRODUCTION_ENV, THROTTLE_INVITATIONS: '20 per hour' }));
    expect(named(message)).toEqual(['THROTTLE_INVITATIONS']);
  });

  it('demo mode on a production build runs on development values', () => {
    for (const DEMO_MODE of ['true', '1']) {
      const env = parseEnv({ NODE_ENV: 'production', DEMO_MODE, DATABASE_URL: DB });
      expect(env.PRIVACY_COURSE_WEBHOOK_SECRET).toBe('dev-privacy-course-secret-change-me');
    }
  });
});

describe('the production checklist', () => {
  it('lists every secret and security setting in the README and in .env.example', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const start = readme.indexOf('## Production checklist');
    expect(start).toBeGreaterThan(0);
    const checklist = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    for (const name of Object.keys(SECURITY_SETTINGS)) {
      expect(checklist, name).toContain(`\`${name}\``);
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

describe('parseEnv in development and tests', () => {
  it('gives working defaults from only a database URL', () => {
    const env = parseEnv({ DATABASE_URL: DB });
    expect(env.NODE_ENV).toBe('development');
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.OIDC_ISSUER).toBe('http://localhost:4000');
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.SMTP_PORT).toBe(1025);
    expect(env.SMTP_SECURE).toBe(false);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.TRUSTED_PROXY_HOPS).toBe(1);
  });

  it('parses booleans, numbers and limits from their string forms', () => {
    const env = parseEnv({
      DATABASE_URL: DB,
      OUTBOX_ENABLED: '0',
      DEMO_MODE: 'true',
      SMTP_PORT: '2525',
      THROTTLE_BAD_CREDENTIALS: '5/30s, 50/1h',
    });
    expect(env.OUTBOX_ENABLED).toBe(false);
    expect(env.DEMO_MODE).toBe(true);
    expect(env.SMTP_PORT).toBe(2525);
    expect(env.THROTTLE_BAD_CREDENTIALS).toEqual([
      { limit: 5, windowMs: 30_000 },
      { limit: 50, windowMs: 3_600_000 },
    ]);
  });

  it('names an invalid DATABASE_URL', () => {
    const message = errorOf(() => parseEnv({ DATABASE_URL: 'mysql://localhost/db' }));
    expect(message).toMatch(/^ {2}- DATABASE_URL: must be a postgres:\/\/ URL$/m);
  });
});
