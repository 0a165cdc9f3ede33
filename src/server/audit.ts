import 'server-only';
import type { ActorType, RecordType } from '@/generated/prisma/client';
import type { Tx } from './db';

export type Actor =
  | { type: 'PERSON' | 'STAFF'; personId: string; label?: string }
  | { type: 'SERVICE'; label: string; apiKeyId?: string }
  | { type: 'SYSTEM'; label: string };

export type AuditInput = {
  actor: Actor;
  action: string; // dotted, e.g. worksite.approved
  target: { type: RecordType; id?: string | null };
  worksiteId?: string | null;
  personId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
  ip?: string | null;
};

/** A person acting for themselves, from this request: the actor and request fields of an audit row. */
export const byPerson = (personId: string, ctx: { requestId?: string | null; ip?: string | null }) => ({
  actor: { type: 'PERSON' as const, personId },
  requestId: ctx.requestId,
  ip: ctx.ip,
});

/** Keeps only the fields whose values differ, so before/after show exactly what changed. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) {
      b[k] = before[k] ?? null;
      a[k] = v ?? null;
    }
  }
  return { before: b, after: a };
}

const json = (v: unknown) => (v == null ? undefined : JSON.parse(JSON.stringify(v)));

/** The row `audit` writes, for writers that insert many at once (access/audit-batch.ts). */
export function auditRow(e: AuditInput) {
  const actorType: ActorType = e.actor.type;
  return {
    actorType,
    actorId: 'personId' in e.actor ? e.actor.personId : null,
    actorLabel:
      e.actor.type === 'SERVICE' && e.actor.apiKeyId
        ? `${e.actor.label} (${e.actor.apiKeyId})`
        : (e.actor.label ?? null),
    action: e.action,
    targetType: e.target.type,
    targetId: e.target.id ?? null,
    worksiteId: e.worksiteId ?? null,
    personId: e.personId ?? null,
    before: json(e.before),
    after: json(e.after),
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    // No lock and no hash here: the sealer (audit-sealer.ts) chains committed rows in batches.
  };
}

/** Every mutation calls this inside its transaction; the sealer chains the row once committed. */
export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(e) });
}
