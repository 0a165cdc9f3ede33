import 'server-only';
import { clock } from '@/lib/clock';
import { db } from '../db';
import { PROFESSION_ORDER, needsHpcaa } from '../professions/rules';
import { acceptBy, askedVersionOf } from './rules';

export type AwaitingAgreement = {
  personId: string;
  versionId: string;
  version: number;
  acceptBy: Date;
};

/** Professions that sign the HPCAA, for SQL filters (the policy table stays the one source). */
export const HPCAA_PROFESSIONS: string[] = PROFESSION_ORDER.filter((p) => needsHpcaa(p));

/**
 * People asked now to accept a newer HPCAA version: their latest acceptance is older than the
 * newest in-effect version that requires re-acceptance. `acceptBy` is when their access pauses
 * (it may already be past). Used by the publish email and by the reminder scheduler.
 */
export async function peopleAwaitingAgreement(
  now: Date = clock.now(),
): Promise<AwaitingAgreement[]> {
  const versions = await db().agreementVersion.findMany({
    where: { kind: 'HPCAA' },
    select: { id: true, version: true, effectiveAt: true, reacceptRequired: true, graceDays: true },
  });
  const asked = askedVersionOf(versions, now);
  if (!asked) return [];
  const rows = await db().$queryRaw<{ personId: string }[]>`
    SELECT latest."personId"
    FROM (
      SELECT DISTINCT ON (a."personId") a."personId", v."version"
      FROM "AgreementAcceptance" a JOIN "AgreementVersion" v ON v.id = a."agreementVersionId"
      WHERE v."kind" = 'HPCAA'
      ORDER BY a."personId", a."acceptedAt" DESC, a.id DESC
    ) latest
    JOIN "Person" p ON p.id = latest."personId" AND p."status" = 'ACTIVE'
    LEFT JOIN "Enrolment" e ON e."personId" = p.id
    WHERE latest."version" < ${asked.version}
      AND (e."profession" IS NULL OR e."profession"::text = ANY(${HPCAA_PROFESSIONS}))
    ORDER BY latest."personId"`;
  const by = acceptBy(asked);
  return rows.map((r) => ({
    personId: r.personId,
    versionId: asked.id,
    version: asked.version,
    acceptBy: by,
  }));
}
