// A complete production configuration that passes every check in src/server/env.ts, for tests
// that need NODE_ENV=production. Invented values: none of them is used anywhere real.
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  APP_URL: 'https://portal.careconnect.example',
  DATABASE_URL: 'postgres://portal:Zq8r3Lm2Vx@db.careconnect.example:5432/careconnect',
  AUTH_SECRET: 'Tq9vR2mX7pL4sW8nK3cB6yH1dF5gJ0zAeUiOoP',
  OIDC_ISSUER: 'https://id.careconnect.example',
  OIDC_CLIENT_ID: 'my-careconnect-production',
  OIDC_CLIENT_SECRET: 'c7Hq2Zp9Xw4Lk8Vm3Rt6Yb1Ns5Fd0Gj',
  PRIVACY_COURSE_WEBHOOK_SECRET: 'W3eR5tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB6nM8',
  AUDIT_SIGNING_KEY: 'WIz3NTQ0k76RP7d3Hr4DKhq2/MIwtEOmiHmWge3XnnY=',
  SMTP_HOST: 'smtp.careconnect.example',
  SMTP_PORT: '587',
  MAIL_FROM: 'my.CareConnect <no-reply@careconnect.example>',
  TEAM_MAILBOX: 'enrolment-team@careconnect.example',
} as const satisfies Record<string, string>;
