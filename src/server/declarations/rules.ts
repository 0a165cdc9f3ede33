// Privacy & Security Declaration rules (SPEC §6). Pure: no I/O, no clock, no Prisma.
import type { LocationType, WorksiteStatus } from '@/generated/prisma/client';
import { worksiteTransition } from '../worksites/rules';

export type Answer = { answer: 'yes' | 'no'; explanation: string | null };
export type Flag = { key: string; explanation: string };

/** The "no" answers, in the order of the statements: the team reviews each one. */
export function declarationFlags(answers: Record<string, Answer>, order: readonly string[] = Object.keys(answers)): Flag[] {
  return order
    .filter((k) => answers[k]?.answer === 'no')
    .map((k) => ({ key: k, explanation: answers[k]!.explanation ?? '' }));
}

export type SubmitContext = {
  status: WorksiteStatus;
  locationType: LocationType;
  reviewStateBeforeChanges: WorksiteStatus | null;
  declarationVersionDue: number | null;
  latestSignedVersion: number | null; // of this worksite's newest declaration
  currentVersion: number; // the version people sign now
};

/**
 * Whether a site admin may sign now. The lifecycle decides (awaiting a declaration, or changes
 * requested on one); an active worksite signs again only when a newer text is due, since
 * re-signing the same text would only add noise to the team's queue.
 */
export function canSubmitDeclaration(c: SubmitContext): { ok: true } | { ok: false; reason: string } {
  const t = worksiteTransition(c.status, 'SUBMIT_DECLARATION', 'SITE_ADMIN', {
    locationType: c.locationType,
    reviewStateBeforeChanges: c.reviewStateBeforeChanges,
  });
  if (!t.ok) return t;
  if (c.status === 'ACTIVE') {
    const due = c.declarationVersionDue !== null || (c.latestSignedVersion ?? 0) < c.currentVersion;
    if (!due) return { ok: false, reason: 'This worksite has already signed the current declaration. There is nothing to sign.' };
  }
  return { ok: true };
}

/** "Today" where the clinics are: a declaration signed at 11 p.m. in Victoria is dated that day. */
export { pacificDate } from '@/lib/pacific';
