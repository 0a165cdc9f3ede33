import 'server-only';
import { db } from '../db';

// A named lease (docs/decisions/029-reminders.md): one statement takes it when it is free,
// expired, or already ours (which renews it). A holder that crashed blocks the others only until
// its expiry. Times are the app's clock, as UTC ISO strings into timestamp(3) columns.

const ts = (d: Date) => d.toISOString();

/** Takes or renews the lease; true when `holder` has it until `now + ttlMs`. */
export async function takeLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs);
  const rows = await db().$queryRaw<{ holder: string }[]>`
    INSERT INTO "Lease" ("name", "holder", "expiresAt", "updatedAt")
    VALUES (${name}, ${holder}, ${ts(until)}::timestamp, ${ts(now)}::timestamp)
    ON CONFLICT ("name") DO UPDATE
       SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt", "updatedAt" = EXCLUDED."updatedAt"
     WHERE "Lease"."expiresAt" <= ${ts(now)}::timestamp OR "Lease"."holder" = EXCLUDED."holder"
    RETURNING "holder"`;
  return rows.length === 1;
}

/** Gives the lease up at once (only if still ours), so the next run anywhere need not wait. */
export async function releaseLease(name: string, holder: string, now: Date): Promise<void> {
  await db().$executeRaw`
    UPDATE "Lease" SET "expiresAt" = ${ts(now)}::timestamp, "updatedAt" = ${ts(now)}::timestamp
     WHERE "name" = ${name} AND "holder" = ${holder}`;
}
