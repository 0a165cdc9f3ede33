import 'server-only';
import { clock } from '@/lib/clock';
import { can, type Subject } from '../authz/guard';
import { db } from '../db';
import { HPCAA_PROFESSIONS } from './awaiting';
import { acceptBy, currentVersion, requiredVersion, type VersionTerms } from './rules';

// The team's list of versions (SPEC §15): per version, how many have accepted and how many must.

export type DocumentKind = 'HPCAA' | 'DECLARATION';

export type VersionRow = {
  id: string;
  version: number;
  title: string;
  publishedAt: Date;
  publishedByName: string | null;
  effectiveAt: Date;
  reacceptRequired: boolean;
  graceDays: number;
  acceptBy: Date;
  /** in-effect: the one signed now; future: not yet; earlier: replaced by a newer one. */
  phase: 'future' | 'in-effect' | 'earlier';
  /** Signed this version or a later one. */
  accepted: number;
  /** Everyone who must hold this version: people who accepted any version / active worksites. */
  must: number;
};

export type AgreementsOverview = {
  hpcaa: VersionRow[];
  declaration: VersionRow[];
  required: Record<DocumentKind, number>;
};

type Raw = VersionTerms & {
  id: string;
  title: string;
  publishedAt: Date;
  publishedBy: { legalGivenName: string; legalFamilyName: string } | null;
};

function rows(versions: Raw[], best: number[], must: number, now: Date): VersionRow[] {
  const current = currentVersion(versions, now);
  return versions
    .map((v) => ({
      id: v.id,
      version: v.version,
      title: v.title,
      publishedAt: v.publishedAt,
      publishedByName: v.publishedBy
        ? `${v.publishedBy.legalGivenName} ${v.publishedBy.legalFamilyName}`
        : null,
      effectiveAt: v.effectiveAt,
      reacceptRequired: v.reacceptRequired,
      graceDays: v.graceDays,
      acceptBy: acceptBy(v),
      phase:
        v.version > current
          ? ('future' as const)
          : v.version === current
            ? ('in-effect' as const)
            : ('earlier' as const),
      accepted: best.filter((b) => b >= v.version).length,
      must,
    }))
    .sort((a, b) => b.version - a.version);
}

const publisher = { select: { legalGivenName: true, legalFamilyName: true } } as const;

/** For staff only; null for anyone else (the page then shows nothing). */
export async function agreementsOverview(
  viewer: Subject,
  now: Date = clock.now(),
): Promise<AgreementsOverview | null> {
  if (!can(viewer, 'agreement.read')) return null;
  const client = db();
  const [hpcaa, declaration, people, worksites] = await Promise.all([
    client.agreementVersion.findMany({
      where: { kind: 'HPCAA' },
      include: { publishedBy: publisher },
    }),
    client.declarationVersion.findMany({ include: { publishedBy: publisher } }),
    // Per person who ever accepted (and still needs the agreement): the highest version accepted.
    client.$queryRaw<{ best: number }[]>`
      SELECT max(v."version")::int AS best
      FROM "AgreementAcceptance" a
      JOIN "AgreementVersion" v ON v.id = a."agreementVersionId" AND v."kind" = 'HPCAA'
      JOIN "Person" p ON p.id = a."personId" AND p."status" = 'ACTIVE'
      LEFT JOIN "Enrolment" e ON e."personId" = p.id
      WHERE e."profession" IS NULL OR e."profession"::text = ANY(${HPCAA_PROFESSIONS})
      GROUP BY a."personId"`,
    // Per active worksite with clinical access: the highest declaration version signed.
    client.$queryRaw<{ best: number }[]>`
      SELECT coalesce(max(dv."version"), 0)::int AS best
      FROM "Worksite" w
      LEFT JOIN "Declaration" d ON d."worksiteId" = w.id
      LEFT JOIN "DeclarationVersion" dv ON dv.id = d."versionId"
      WHERE w."status" = 'ACTIVE' AND w."locationType" <> 'NO_CLINICAL_APPS'
      GROUP BY w.id`,
  ]);
  const hpcaaBest = people.map((r) => r.best);
  const worksiteBest = worksites.map((r) => r.best);
  return {
    hpcaa: rows(hpcaa, hpcaaBest, hpcaaBest.length, now),
    declaration: rows(declaration, worksiteBest, worksiteBest.length, now),
    required: {
      HPCAA: requiredVersion(hpcaa, now),
      DECLARATION: requiredVersion(declaration, now),
    },
  };
}

/** The next version number of a document (for the publish preview). */
export async function nextVersionNumbers(
  viewer: Subject,
): Promise<Record<DocumentKind, number> | null> {
  if (!can(viewer, 'agreement.read')) return null;
  const [a, d] = await Promise.all([
    db().agreementVersion.aggregate({ where: { kind: 'HPCAA' }, _max: { version: true } }),
    db().declarationVersion.aggregate({ _max: { version: true } }),
  ]);
  return { HPCAA: (a._max.version ?? 0) + 1, DECLARATION: (d._max.version ?? 0) + 1 };
}
