import 'server-only';
import { createHash } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import { pool } from './db';

const names = new Map<string, string>();

/**
 * Runs a statement through the pg driver as a named prepared statement: each pooled connection
 * plans it once, and the rows skip Prisma's raw-query decoding (several times the CPU of the
 * driver's for the hot reads). Callers select timestamps as timestamptz (`AT TIME ZONE 'UTC'`)
 * and dates as text, so the driver's local-time parsing never applies.
 */
/** An instant for a timestamp column (stored as UTC, without a zone), sent as ISO text: neither
 * the driver's nor Prisma's formatting of a Date, nor the server's time zone, can shift it. */
export const utcInstant = (d: Date): Prisma.Sql =>
  Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export async function prepared<T extends object>(q: Prisma.Sql, prefix: string): Promise<T[]> {
  const text = q.text;
  let name = names.get(text);
  if (!name) {
    name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return (await pool().query<T>({ name, text, values: q.values as unknown[] })).rows;
}
