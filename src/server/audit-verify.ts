import 'server-only';
import { Prisma, type PrismaClient } from '@/generated/prisma/client';
import { db } from './db';

export type AuditChainResult =
  { ok: true; count: number } | { ok: false; badId: string; problem: string };

/** Recomputes the audit hash chain in the database (cc_audit_verify) and reports the first
 * broken link. One snapshot, so events committed meanwhile cannot skew the count. */
export async function verifyAuditChain(client: PrismaClient = db()): Promise<AuditChainResult> {
  const [broken, count] = await client.$transaction(
    [
      client.$queryRaw<{ bad_id: bigint; problem: string }[]>`
        SELECT bad_id, problem FROM cc_audit_verify()`,
      client.auditEvent.count(),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const first = broken[0];
  if (first) return { ok: false, badId: String(first.bad_id), problem: first.problem };
  return { ok: true, count };
}
