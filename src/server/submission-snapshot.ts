import 'server-only';
import { createHash } from 'node:crypto';
import type { Prisma } from '@/generated/prisma/client';
import type { SubmissionKind } from '@/generated/prisma/enums';
import type { Tx } from './db';

// What a person submitted (an enrolment form, a worksite registration, a signed declaration),
// kept as it was sent, with a hash anyone can recompute from the stored row.

/** Sorted keys and no undefined values, so the hash can be recomputed from what the database returns. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export const snapshotHash = (data: unknown) =>
  createHash('sha256').update(canonicalJson(data)).digest('hex');

/** The one writer of submission snapshots; call it in the transaction that records the submission. */
export function writeSubmissionSnapshot(
  tx: Tx,
  s: {
    kind: SubmissionKind;
    targetId: string;
    submittedById: string;
    worksiteId?: string;
    personId?: string;
    data: unknown;
  },
) {
  const json = canonicalJson(s.data);
  return tx.submissionSnapshot.create({
    data: {
      kind: s.kind,
      targetId: s.targetId,
      worksiteId: s.worksiteId,
      personId: s.personId,
      submittedById: s.submittedById,
      data: JSON.parse(json) as Prisma.InputJsonValue,
      sha256: createHash('sha256').update(json).digest('hex'),
    },
  });
}
