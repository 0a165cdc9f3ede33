import 'server-only';
import { z } from 'zod';

// The one place that reads process.env. Every variable is documented in .env.example.
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_NAME: z.string().min(1).default('my.CareConnect'),
  APP_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // How long a transaction may wait for a pooled connection, and may run, before it is refused.
  DATABASE_TX_MAX_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  DATABASE_TX_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  OIDC_ISSUER: z.url(),
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  OIDC_MIN_ASSURANCE: z.coerce.number().int().min(1).max(3).default(3),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('my.CareConnect <no-reply@careconnect.localhost>'),
  TEAM_MAILBOX: z.email().default('enrolment-team@careconnect.localhost'),
  OUTBOX_ENABLED: bool.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  PRIVACY_COURSE_WEBHOOK_SECRET: z.string().min(16).default('dev-privacy-course-secret-change-me'),
  DEMO_MODE: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

// Development defaults so `npm run dev` works with nothing configured; production has none.
const devDefaults: Partial<Record<keyof Env, string>> = {
  AUTH_SECRET: 'dev-only-auth-secret-not-for-production-0123456789',
  OIDC_ISSUER: 'http://localhost:4000',
  OIDC_CLIENT_ID: 'careconnect-portal',
  OIDC_CLIENT_SECRET: 'dev-client-secret',
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const isProd = source.NODE_ENV === 'production' && source.DEMO_MODE !== 'true';
  const input: Record<string, string | undefined> = { ...source };
  if (!isProd) {
    for (const [k, v] of Object.entries(devDefaults)) input[k] = input[k] || v;
  }
  for (const k of Object.keys(input)) if (input[k] === '') input[k] = undefined;
  const parsed = envSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        return `  - ${key}: ${input[key] === undefined ? 'is required but not set' : i.message}`;
      });
  // Session cookies are only marked Secure (and __Secure-/__Host- named) over https.
  if (isProd && parsed.success && !parsed.data.APP_URL.startsWith('https://')) {
    problems.push('  - APP_URL: must be an https:// address in production');
  }
  if (problems.length) {
    throw new Error(`Configuration is incomplete or invalid:\n${problems.join('\n')}`);
  }
  return parsed.data!;
}

let cached: Env | null = null;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
