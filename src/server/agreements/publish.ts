import 'server-only';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { parseInput } from '../action';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import type { AuditContext as Ctx } from '../request-context';
import { ensureDeclarationVersion } from '../../../prisma/seed-data/declaration-v1';
import { hpcaaReacceptanceNotice } from '../email/templates/agreement';
import { declarationNewVersionNotice } from '../email/templates/declaration';
import { enqueueNotices } from '../notify';
import { siteAdminContacts } from '../worksites/access';
import { currentHpcaaVersion } from './queries';
import {
  acceptBy,
  effectiveDateInPast,
  lastDayToAccept,
  longCalendarDate,
  pacificLongDate,
  startOfPacificDate,
} from './rules';
import { publishVersionSchema } from './schema';

// Publishing a new version of the HPCAA or of the Privacy & Security Declaration (SPEC §15).
// The version row, the audit event and the emails to everyone who must accept it commit together.


export type Published = {
  kind: 'HPCAA' | 'DECLARATION';
  version: number;
  versionId: string;
  peopleEmailed: number;
};

type Terms = {
  kind: 'HPCAA' | 'DECLARATION';
  title: string;
  body: string;
  effectiveAt: Date;
  reacceptRequired: boolean;
  graceDays: number;
};

/** The team's form: validated, the effective date today or later, and confirmed from the preview. */
export async function publishVersion(
  staffId: string,
  input: unknown,
  ctx: Ctx,
  now: Date = clock.now(),
): Promise<Published> {
  const v = parseInput(publishVersionSchema, input);
  if (effectiveDateInPast(v.effectiveDate, now)) {
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      effectiveDate: 'The effective date cannot be in the past: choose today or a later date.',
    });
  }
  const effectiveAt = startOfPacificDate(v.effectiveDate);
  return publishTerms(staffId, { ...v, effectiveAt }, ctx, now);
}

export async function publishTerms(
  staffId: string,
  t: Terms,
  ctx: Ctx,
  now: Date = clock.now(),
): Promise<Published> {
  return db().$transaction(async (tx) => {
    const roles = await tx.staffRole.findMany({
      where: { personId: staffId },
      select: { role: true },
    });
    if (!roles.some((r) => r.role === 'ENROLMENT_TEAM')) {
      throw new DomainError(
        'FORBIDDEN',
        'Only the enrolment team can publish a new version of an agreement.',
      );
    }
    // One publisher at a time per document, so two new versions cannot claim the same number.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('agreement-publish'), hashtext(${t.kind}))`;
    const r =
      t.kind === 'HPCAA'
        ? await publishHpcaa(tx, staffId, t, now)
        : await publishDeclaration(tx, staffId, t);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staffId },
      action: 'agreement.published',
      target: { type: 'AGREEMENT_VERSION', id: r.versionId },
      before: { version: r.version - 1 },
      after: {
        kind: t.kind,
        version: r.version,
        agreementVersionId: r.versionId,
        title: t.title,
        effectiveAt: t.effectiveAt.toISOString(),
        reacceptRequired: t.reacceptRequired,
        graceDays: t.graceDays,
        peopleEmailed: r.peopleEmailed,
      },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return r;
  });
}

const dates = (t: Terms) => ({
  effectiveOn: pacificLongDate(t.effectiveAt),
  acceptBy: longCalendarDate(lastDayToAccept(acceptBy(t))),
});

async function publishHpcaa(tx: Tx, staffId: string, t: Terms, now: Date): Promise<Published> {
  await currentHpcaaVersion(tx, now); // version 1 exists before version 2
  const { _max } = await tx.agreementVersion.aggregate({
    where: { kind: 'HPCAA' },
    _max: { version: true },
  });
  const version = (_max.version ?? 0) + 1;
  const created = await tx.agreementVersion.create({
    data: {
      kind: 'HPCAA',
      version,
      title: t.title,
      body: t.body,
      publishedAt: now,
      publishedById: staffId,
      effectiveAt: t.effectiveAt,
      reacceptRequired: t.reacceptRequired,
      graceDays: t.graceDays,
    },
  });
  let emailed = 0;
  if (t.reacceptRequired) {
    // Everyone whose acceptances are all of earlier versions must accept this one.
    const holders = await tx.person.findMany({
      where: {
        status: 'ACTIVE',
        acceptances: { some: { agreementVersion: { kind: 'HPCAA', version: { lt: version } } } },
      },
      select: {
        id: true,
        legalGivenName: true,
        legalFamilyName: true,
        preferredGivenName: true,
        preferredFamilyName: true,
        contactEmail: true,
        idpEmail: true,
      },
      orderBy: { id: 'asc' },
    });
    // With no grace period the new text applies at once: the email then says access is paused.
    const when = t.graceDays > 0 ? dates(t) : {};
    for (const p of holders) {
      const to = p.contactEmail ?? p.idpEmail;
      if (!to) continue;
      await enqueueNotices(tx, [hpcaaReacceptanceNotice({
        personId: p.id,
        to,
        name: displayName(p),
        why: 'new-version',
        version,
        title: t.title,
        ...when,
      })]);
      emailed++;
    }
  }
  return { kind: 'HPCAA', version, versionId: created.id, peopleEmailed: emailed };
}

async function publishDeclaration(tx: Tx, staffId: string, t: Terms): Promise<Published> {
  // The safeguard statements carry over from the newest version: a new version rewords the
  // declaration; its statements are the ones site admins answer (docs/decisions/028).
  const base =
    (await tx.declarationVersion.findFirst({ orderBy: { version: 'desc' } })) ??
    (await ensureDeclarationVersion(tx));
  const version = base.version + 1;
  const created = await tx.declarationVersion.create({
    data: {
      version,
      title: t.title,
      body: t.body,
      safeguards: base.safeguards ?? [],
      publishedAt: clock.now(),
      publishedById: staffId,
      effectiveAt: t.effectiveAt,
      reacceptRequired: t.reacceptRequired,
      graceDays: t.graceDays,
    },
  });
  let emailed = 0;
  if (t.reacceptRequired) {
    const worksites = await tx.worksite.findMany({
      where: { status: 'ACTIVE', locationType: { not: 'NO_CLINICAL_APPS' } },
      select: { id: true, worksiteCode: true, operatingName: true },
      orderBy: { id: 'asc' },
    });
    const { effectiveOn, acceptBy: by } = dates(t);
    for (const w of worksites) {
      for (const admin of await siteAdminContacts(tx, w.id)) {
        const to = { to: admin.email, personId: admin.personId };
        await enqueueNotices(tx, [declarationNewVersionNotice({ worksite: w, to, version, title: t.title, effectiveOn, acceptBy: by })]);
        emailed++;
      }
    }
  }
  return { kind: 'DECLARATION', version, versionId: created.id, peopleEmailed: emailed };
}
