import 'server-only';
import type { WorksiteStatus } from '@/generated/prisma/client';
import { legalName } from '@/lib/names';
import { db } from '../db';
import { can, type Subject } from '../authz/guard';
import { actorFor, memberOf } from '../worksites/access';
import { statusLabel } from '../worksites/rules';
import { canSubmitDeclaration } from './rules';
import { currentDeclarationVersion, toVersionView, type DeclarationVersionView } from './versions';
import { isUuid } from '@/lib/ids';

export type DeclarationFormView = {
  worksite: { id: string; worksiteCode: string; operatingName: string; status: WorksiteStatus; statusLabel: string };
  version: DeclarationVersionView | null; // null: no text is published yet
  canSubmit: { ok: true } | { ok: false; reason: string };
  changesRequestedReason: string | null; // what the team asked for, when it sent the declaration back
  defaults: {
    signerName: string;
    signerTitle: string;
    answers: Record<string, { answer?: 'yes' | 'no'; explanation: string }>;
  };
};

/** The declaration page for a site admin of the worksite; null for anyone else (not found). */
export async function declarationForm(viewer: Subject, worksiteId: string): Promise<DeclarationFormView | null> {
  if (!can(viewer, 'worksite.admin.read', { worksiteId })) return null;
  const personId = viewer.id;
  const membership = await memberOf(db(), personId, worksiteId);
  if (actorFor(membership) !== 'SITE_ADMIN') return null;
  const [worksite, person, version, previous] = await Promise.all([
    db().worksite.findUnique({ where: { id: worksiteId } }),
    db().person.findUnique({ where: { id: personId } }),
    currentDeclarationVersion(db()),
    db().declaration.findFirst({
      where: { worksiteId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      include: { answers: true, version: { select: { version: true } } },
    }),
  ]);
  if (!worksite || !person) return null;

  const canSubmit = version
    ? canSubmitDeclaration({
        status: worksite.status,
        locationType: worksite.locationType,
        reviewStateBeforeChanges: worksite.reviewStateBeforeChanges,
        declarationVersionDue: worksite.declarationVersionDue,
        latestSignedVersion: previous?.version.version ?? null,
        currentVersion: version.version,
      })
    : { ok: false as const, reason: 'The declaration is not available right now. Please contact the enrolment team.' };

  const sentBack = worksite.status === 'CHANGES_REQUESTED' && worksite.reviewStateBeforeChanges === 'DECLARATION_SUBMITTED';
  const reasonRow = sentBack
    ? await db().worksiteStatusChange.findFirst({
        where: { worksiteId, toStatus: 'CHANGES_REQUESTED' },
        orderBy: { createdAt: 'desc' },
        select: { reason: true },
      })
    : null;

  // Sent back for changes: start from what was signed, so only the asked-for change is needed.
  const keys = version?.safeguards.map((s) => s.key) ?? [];
  const prefill = sentBack && previous ? new Map(previous.answers.map((a) => [a.safeguardKey, a])) : new Map();
  const answers = Object.fromEntries(
    keys.map((k) => {
      const a = prefill.get(k);
      return [k, a ? { answer: a.answer ? ('yes' as const) : ('no' as const), explanation: a.explanation ?? '' } : { explanation: '' }];
    }),
  );

  return {
    worksite: {
      id: worksite.id,
      worksiteCode: worksite.worksiteCode,
      operatingName: worksite.operatingName,
      status: worksite.status,
      statusLabel: statusLabel(worksite.status),
    },
    version,
    canSubmit,
    changesRequestedReason: reasonRow?.reason ?? null,
    defaults: {
      signerName: sentBack && previous ? previous.signerName : legalName(person),
      signerTitle: sentBack && previous ? previous.signerTitle : '',
      answers,
    },
  };
}

export type LatestDeclaration = {
  id: string;
  version: number;
  submittedAt: Date;
  signerName: string;
  signerTitle: string;
  typedSignature: string;
  signedOn: string; // YYYY-MM-DD (Pacific date of signing)
  answers: { key: string; text: string; answer: 'yes' | 'no'; explanation: string | null }[];
  hasFlaggedAnswers: boolean;
  antivirusFileId: string;
};

/**
 * The worksite's newest declaration, answers in the order of the statements. No access check:
 * callers (the team's worksite page) have already established the caller may see the worksite.
 */
export async function latestDeclaration(worksiteId: string): Promise<LatestDeclaration | null> {
  if (!isUuid(worksiteId)) return null;
  const d = await db().declaration.findFirst({
    where: { worksiteId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { answers: true, version: true },
  });
  if (!d) return null;
  const version = toVersionView(d.version);
  const byKey = new Map(d.answers.map((a) => [a.safeguardKey, a]));
  return {
    id: d.id,
    version: version.version,
    submittedAt: d.createdAt,
    signerName: d.signerName,
    signerTitle: d.signerTitle,
    typedSignature: d.typedSignature,
    signedOn: d.signedOn.toISOString().slice(0, 10),
    answers: version.safeguards
      .filter((s) => byKey.has(s.key))
      .map((s) => {
        const a = byKey.get(s.key)!;
        return { key: s.key, text: s.text, answer: a.answer ? ('yes' as const) : ('no' as const), explanation: a.explanation };
      }),
    hasFlaggedAnswers: d.hasFlaggedAnswers,
    antivirusFileId: d.antivirusFileId,
  };
}
