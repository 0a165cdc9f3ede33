import 'server-only';
import { z } from 'zod';
import { DEVELOPMENT_SIGNING_SEED } from '@/lib/audit-checkpoint';
import { parseLimits } from './throttle/rules';

// The one place that reads process.env. Every variable is documented in .env.example.
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
// "20/1h,100/1d": at most 20 in any hour and 100 in any day (src/server/throttle).
const limits = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, c) => {
      try {
        return parseLimits(v);
      } catch (e) {
        c.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_NAME: z.string().min(1).default('my.CareConnect'),
  APP_URL: z.url(),
  // next-auth reads it itself; when set it must be APP_URL (checked below).
  NEXTAUTH_URL: z.url().optional(),
  // The CareConnect eHealth Viewer, linked from the landing page (http(s) only: it becomes an href).
  VIEWER_URL: z.url({ protocol: /^https?$/ }).default('https://careconnect.example.gov.bc.ca'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // How long a transaction may wait for a pooled connection, and may run, before it is refused.
  DATABASE_TX_MAX_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  DATABASE_TX_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  // A database that has not opened a new connection, or answered who is signed in, within this
  // long is treated as unavailable (pages answer 503). A busy pool may still be waited on longer.
  DATABASE_UNAVAILABLE_AFTER_MS: z.coerce.number().int().min(500).max(60_000).default(3000),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  OIDC_ISSUER: z.url(),
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  OIDC_MIN_ASSURANCE: z.coerce.number().int().min(1).max(3).default(3),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3),
  TEAM_MAILBOX: z.email(),
  // The privacy office's mailbox: when set, the day's first signed audit checkpoint is mailed there.
  PRIVACY_OFFICE_EMAIL: z.email().optional(),
  OUTBOX_ENABLED: bool.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  // How long a CareConnect viewer password lasts (SPEC §14: 90 days, configurable 60–90).
  VIEWER_PASSWORD_DAYS: z.coerce.number().int().min(60).max(90).default(90),
  // How often each instance tries the reminder scheduler's run (one at a time, by a lease).
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  // Browser tests only: a file holding a clock offset (dev/e2e-clock.cjs). Refused in production.
  E2E_CLOCK_FILE: z.string().optional(),
  PRIVACY_COURSE_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters'),
  // Proxies in front of the app that append to X-Forwarded-For: the client is that many from the
  // right. Throttles per client address trust nothing further left (a client can write it).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
  // Throttles (SPEC §9): per site admin and per worksite; per invitation; per person; per address.
  THROTTLE_INVITATIONS: limits('20/1h,100/1d'),
  THROTTLE_INVITATION_RESEND: limits('1/10m'),
  THROTTLE_JOIN_REQUESTS: limits('10/1h,30/1d'),
  THROTTLE_WORKSITE_REGISTRATIONS: limits('10/1d'),
  THROTTLE_CONTACT_EMAIL_CHANGES: limits('3/1h,10/1d'),
  THROTTLE_BAD_CREDENTIALS: limits('20/10m'),
  // Ed25519 seed (32 bytes, base64) that signs audit checkpoints; required in production.
  AUDIT_SIGNING_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (npm run audit:keygen)')
    .optional(),
  DEMO_MODE: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

// Development defaults so `npm run dev` works with nothing configured; production has none.
const devDefaults: Partial<Record<keyof Env, string>> = {
  APP_URL: 'http://localhost:3000',
  AUTH_SECRET: 'dev-only-auth-secret-not-for-production-0123456789',
  OIDC_ISSUER: 'http://localhost:4000',
  OIDC_CLIENT_ID: 'careconnect-portal',
  OIDC_CLIENT_SECRET: 'dev-client-secret',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '1025',
  MAIL_FROM: 'my.CareConnect <no-reply@careconnect.localhost>',
  TEAM_MAILBOX: 'enrolment-team@careconnect.localhost',
  PRIVACY_COURSE_WEBHOOK_SECRET: 'dev-privacy-course-secret-change-me',
};

/** Production: NODE_ENV=production without DEMO_MODE (a demo build runs on development values). */
export const isProductionSource = (source: Record<string, string | undefined>) =>
  source.NODE_ENV === 'production' && !['true', '1'].includes(source.DEMO_MODE ?? '');

export function parseEnv(source: Record<string, string | undefined>): Env {
  const isProd = isProductionSource(source);
  const input: Record<string, string | undefined> = { ...source };
  if (!isProd) {
    for (const [k, v] of Object.entries(devDefaults)) input[k] = input[k] || v;
  }
  for (const k of Object.keys(input)) if (input[k] === '') input[k] = undefined;
  const parsed = envSchema.safeParse(input);
  const problems = new Map<string, string>();
  for (const i of parsed.success ? [] : parsed.error.issues) {
    const key = i.path.join('.');
    if (!problems.has(key)) problems.set(key, input[key] === undefined ? 'is required but not set' : i.message);
  }
  if (isProd) {
    for (const [key, problem] of productionProblems(input, parsed.success ? parsed.data : null)) {
      if (!problems.has(key)) problems.set(key, problem);
    }
  }
  if (problems.size) {
    const lines = [...problems].map(([key, problem]) => `  - ${key}: ${problem}`);
    throw new Error(`Configuration is incomplete or invalid:\n${lines.join('\n')}`);
  }
  return parsed.data!;
}

// Every secret and security setting a production deployment must get right, in one place. The
// README's production checklist lists the same names (a unit test keeps the two in step).
// Values known from development (defaults above, .env.example, the dev/ launcher) are refused
// in production by name; problems never quote a value.
type Setting = {
  secret: boolean;
  /** What a production value must be, for the checklist. */
  need: string;
  devValues?: readonly string[];
  /** For settings optional elsewhere (a development fallback is used there). */
  requiredInProduction?: boolean;
  check?: (e: Env) => string | null;
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const hostOf = (url: string) => new URL(url).hostname;
const distinct = (v: string) => new Set(v).size;
const notPlaceholder = (v: string) => (distinct(v) < 10 ? 'looks like a placeholder; use a long random value' : null);
const notLocalhostMail = (v: string) => (/\.localhost>?\s*$/i.test(v) ? 'is a development address (.localhost)' : null);

export const SECURITY_SETTINGS = {
  AUTH_SECRET: {
    secret: true,
    need: 'at least 32 random characters (e.g. `openssl rand -base64 48`); signs and encrypts session cookies',
    devValues: [devDefaults.AUTH_SECRET!],
    check: (e) => notPlaceholder(e.AUTH_SECRET),
  },
  OIDC_CLIENT_SECRET: {
    secret: true,
    need: "the portal's client secret registered with the BC Services Card",
    devValues: [devDefaults.OIDC_CLIENT_SECRET!],
  },
  PRIVACY_COURSE_WEBHOOK_SECRET: {
    secret: true,
    need: 'at least 32 random characters shared with the learning platform; whoever knows it can record anyone\'s privacy course',
    devValues: [devDefaults.PRIVACY_COURSE_WEBHOOK_SECRET!],
    check: (e) => notPlaceholder(e.PRIVACY_COURSE_WEBHOOK_SECRET),
  },
  AUDIT_SIGNING_KEY: {
    secret: true,
    need: 'a 32-byte Ed25519 seed in base64 (`npm run audit:keygen`); signs the audit checkpoints',
    devValues: [DEVELOPMENT_SIGNING_SEED],
    requiredInProduction: true,
  },
  SMTP_PASSWORD: {
    secret: true,
    need: 'the mail server password, required whenever SMTP_USER is set',
    check: (e) => (e.SMTP_USER && !e.SMTP_PASSWORD ? 'is required when SMTP_USER is set' : null),
  },
  DATABASE_URL: {
    secret: true,
    need: 'the production PostgreSQL, with its own user and password',
    devValues: ['postgres://postgres@127.0.0.1:5432/careconnect'],
  },
  APP_URL: {
    secret: false,
    need: 'the public https:// address; session cookies are then Secure and __Host- prefixed',
    devValues: [devDefaults.APP_URL!],
    check: (e) =>
      !e.APP_URL.startsWith('https://')
        ? 'must be an https:// address in production'
        : LOOPBACK.test(hostOf(e.APP_URL))
          ? 'must be the public address, not this machine'
          : null,
  },
  NEXTAUTH_URL: {
    secret: false,
    need: 'unset, or the same address as APP_URL (sign-in redirects use it)',
    check: (e) => (e.NEXTAUTH_URL && new URL(e.NEXTAUTH_URL).origin !== new URL(e.APP_URL).origin ? 'must be the same address as APP_URL' : null),
  },
  OIDC_ISSUER: {
    secret: false,
    need: 'the BC Services Card issuer, over https',
    devValues: [devDefaults.OIDC_ISSUER!, 'http://localhost:4100'],
    // Plain http is tolerated only to this machine, where nobody on the network can alter discovery.
    check: (e) => (!e.OIDC_ISSUER.startsWith('https://') && !LOOPBACK.test(hostOf(e.OIDC_ISSUER)) ? 'must be an https:// address' : null),
  },
  OIDC_CLIENT_ID: {
    secret: false,
    need: "the portal's client id registered with the BC Services Card",
    devValues: [devDefaults.OIDC_CLIENT_ID!],
  },
  OIDC_MIN_ASSURANCE: { secret: false, need: '3 (the default) unless the program decides otherwise' },
  SESSION_IDLE_MINUTES: { secret: false, need: '30 (the default) or less' },
  SESSION_ABSOLUTE_HOURS: { secret: false, need: '12 (the default) or less' },
  SMTP_HOST: {
    secret: false,
    need: 'the production mail server (no default in production)',
    check: (e) => (LOOPBACK.test(e.SMTP_HOST) && [1025, 1125].includes(e.SMTP_PORT) ? 'with SMTP_PORT is the development mail catcher' : null),
  },
  SMTP_PORT: { secret: false, need: 'the mail server port, usually 587 (STARTTLS) or 465 with SMTP_SECURE=true' },
  MAIL_FROM: { secret: false, need: 'a sender address of a domain the mail server may send for', devValues: [devDefaults.MAIL_FROM!], check: (e) => notLocalhostMail(e.MAIL_FROM) },
  TEAM_MAILBOX: { secret: false, need: "the enrolment team's mailbox", devValues: [devDefaults.TEAM_MAILBOX!], check: (e) => notLocalhostMail(e.TEAM_MAILBOX) },
  TRUSTED_PROXY_HOPS: { secret: false, need: 'how many proxies in front of the app append to X-Forwarded-For (1 by default); the app must not be reachable around them' },
  THROTTLE_INVITATIONS: { secret: false, need: 'invitations and resends per site admin and per worksite (default 20/1h,100/1d)' },
  THROTTLE_INVITATION_RESEND: { secret: false, need: 'resends of one invitation (default 1/10m)' },
  THROTTLE_JOIN_REQUESTS: { secret: false, need: 'requests to join per person (default 10/1h,30/1d)' },
  THROTTLE_WORKSITE_REGISTRATIONS: { secret: false, need: 'worksite registrations per person (default 10/1d)' },
  THROTTLE_CONTACT_EMAIL_CHANGES: { secret: false, need: 'contact email changes per person (default 3/1h,10/1d)' },
  THROTTLE_BAD_CREDENTIALS: { secret: false, need: 'invalid API keys, and invalid invitation links, per client address (default 20/10m)' },
  DEMO_MODE: { secret: false, need: 'unset or false: demo mode turns these checks off and lets anyone record the privacy course' },
  E2E_CLOCK_FILE: { secret: false, need: 'unset: it lets browser tests move the server clock', check: (e) => (e.E2E_CLOCK_FILE ? 'must not be set in production' : null) },
} as const satisfies Partial<Record<keyof Env, Setting>>;

/** Production refusals, by setting name only. Rules that compare settings need a parsed
 * configuration; development values are found even when something else is missing. */
function productionProblems(source: Record<string, string | undefined>, e: Env | null): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  for (const [name, s] of Object.entries(SECURITY_SETTINGS) as [keyof Env, Setting][]) {
    const raw = source[name]?.trim();
    if (!raw && s.requiredInProduction) {
      problems.push([name, 'is required but not set']);
      continue;
    }
    if (raw && s.devValues?.includes(raw)) {
      problems.push([name, "is a development value; set this deployment's own"]);
      continue;
    }
    const problem = e && s.check?.(e);
    if (problem) problems.push([name, problem]);
  }
  return problems;
}

let cached: Env | null = null;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
