import 'server-only';
import type { AgreementVersion, Profession } from '@/generated/prisma/client';
import { displayName, legalName } from '@/lib/names';
import { ensureHpcaaVersion } from '../../../prisma/seed-data/hpcaa-v1';
import { db, type Tx } from '../db';
import type { Subject } from '../authz/guard';
import { needsHpcaa, professionLabel } from '../professions/rules';
import {
  currentVersion,
  hpcaaExpiresOn,
  hpcaaState,
  reacceptancePrompt,
  requiredVersion,
  type HpcaaState,
  type ReacceptancePrompt,
  type VersionTerms,
} from './rules';
import { clock } from '@/lib/clock';

type Client = Pick<Tx, 'agreementVersion'>;

/**
 * The version people accept now: the newest in effect. The text of version 1 ships with the
 * code, so a database that was never seeded publishes it on first read (idempotent).
 */
export async function currentHpcaaVersion(client: Client = db(), now: Date = clock.now()): Promise<AgreementVersion> {
  const find = () =>
    client.agreementVersion.findFirst({
      where: { kind: 'HPCAA', effectiveAt: { lte: now } },
      orderBy: { version: 'desc' },
    });
  return (await find()) ?? (await ensureHpcaaVersion(client));
}

const termsSelect = { id: true, version: true, effectiveAt: true, reacceptRequired: true, graceDays: true } as const;
export type VersionTermsRow = VersionTerms & { id: string };

/** Every published HPCAA version's terms (a handful of rows), future ones included. */
export function hpcaaVersionTerms(client: Client = db()): Promise<VersionTermsRow[]> {
  return client.agreementVersion.findMany({ where: { kind: 'HPCAA' }, select: termsSelect, orderBy: { version: 'asc' } });
}

export type HpcaaAcceptanceView = { versionNumber: number; acceptedAt: Date; typedName: string };

/** The person's most recent HPCAA acceptance, or null. */
export async function latestHpcaaAcceptance(
  client: Pick<Tx, 'agreementAcceptance'>,
  personId: string,
): Promise<HpcaaAcceptanceView | null> {
  const a = await client.agreementAcceptance.findFirst({
    where: { personId, agreementVersion: { kind: 'HPCAA' } },
    orderBy: [{ acceptedAt: 'desc' }, { id: 'desc' }],
    include: { agreementVersion: { select: { version: true } } },
  });
  return a ? { versionNumber: a.agreementVersion.version, acceptedAt: a.acceptedAt, typedName: a.typedName } : null;
}

export type PersonHpcaa = {
  state: HpcaaState;
  acceptance: HpcaaAcceptanceView | null;
  currentVersion: number;
  requiredVersion: number;
  /** Asked to accept a newer version (before or after its deadline), or null. */
  prompt: ReacceptancePrompt | null;
};

/** The person's HPCAA state now, whatever their profession (see agreementPage for "needed"). */
export async function personHpcaaState(
  client: Pick<Tx, 'agreementVersion' | 'agreementAcceptance'>,
  personId: string,
  now: Date = clock.now(),
): Promise<PersonHpcaa> {
  const [versions, acceptance] = await Promise.all([hpcaaVersionTerms(client), latestHpcaaAcceptance(client, personId)]);
  const required = requiredVersion(versions, now);
  return {
    state: hpcaaState({ acceptance, requiredVersion: required, now }),
    acceptance,
    currentVersion: currentVersion(versions, now),
    requiredVersion: required,
    prompt: reacceptancePrompt(versions, acceptance?.versionNumber ?? null, now),
  };
}

export { agreementSections, type AgreementSection } from './rules';
import { agreementSections, type AgreementSection } from './rules';

export type AgreementPageView = {
  current: { id: string; version: number; title: string; publishedAt: Date; effectiveAt: Date; sections: AgreementSection[] };
  state: HpcaaState;
  prompt: ReacceptancePrompt | null;
  accepted: { version: number; acceptedAt: Date; expiresOn: string } | null;
  /** Whether the person's profession needs the HPCAA; null before they choose a profession. */
  needed: boolean | null;
  professionLabel: string | null;
  legalName: string;
  displayName: string;
};

export async function agreementPage(viewer: Subject, now: Date = clock.now()): Promise<AgreementPageView | null> {
  const personId = viewer.id;
  const person = await db().person.findUnique({
    where: { id: personId },
    include: { enrolment: { select: { profession: true } } },
  });
  if (!person) return null;
  const [current, { state, acceptance, prompt }] = await Promise.all([
    currentHpcaaVersion(db(), now),
    personHpcaaState(db(), personId, now),
  ]);
  const profession: Profession | null = person.enrolment?.profession ?? null;
  return {
    current: {
      id: current.id,
      version: current.version,
      title: current.title,
      publishedAt: current.publishedAt,
      effectiveAt: current.effectiveAt,
      sections: agreementSections(current.body),
    },
    state,
    prompt,
    accepted: acceptance
      ? { version: acceptance.versionNumber, acceptedAt: acceptance.acceptedAt, expiresOn: hpcaaExpiresOn(acceptance.acceptedAt) }
      : null,
    needed: profession ? needsHpcaa(profession) : null,
    professionLabel: profession ? professionLabel(profession) : null,
    legalName: legalName(person),
    displayName: displayName(person),
  };
}

export { peopleAwaitingAgreement, type AwaitingAgreement } from './awaiting';

export type AgreementNoticeView = ReacceptancePrompt;

/**
 * The dashboard's "accept the new version" notice (SPEC §15), in one statement: the version of
 * the person's latest HPCAA acceptance, their profession and the versions' terms. Null when
 * nothing is asked of them.
 */
export async function agreementNotice(viewer: Subject, now: Date = clock.now()): Promise<AgreementNoticeView | null> {
  const [row] = await db().$queryRaw<
    { accepted: number | null; profession: Profession | null; versions: { version: number; effectiveAt: string; reacceptRequired: boolean; graceDays: number }[] | null }[]
  >`
    SELECT
      (SELECT v."version" FROM "AgreementAcceptance" a JOIN "AgreementVersion" v ON v.id = a."agreementVersionId"
        WHERE a."personId" = ${viewer.id}::uuid AND v."kind" = 'HPCAA'
        ORDER BY a."acceptedAt" DESC, a.id DESC LIMIT 1) AS accepted,
      (SELECT e."profession" FROM "Enrolment" e WHERE e."personId" = ${viewer.id}::uuid) AS profession,
      (SELECT json_agg(json_build_object('version', "version", 'effectiveAt', "effectiveAt",
        'reacceptRequired', "reacceptRequired", 'graceDays', "graceDays"))
        FROM "AgreementVersion" WHERE "kind" = 'HPCAA') AS versions`;
  if (!row) return null;
  const versions = (row.versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) }));
  return agreementNoticeFrom({ acceptedVersion: row.accepted, profession: row.profession, versions }, now);
}

/** The notice from facts already read (the dashboard reads them with the checklist's). */
export function agreementNoticeFrom(
  f: { acceptedVersion: number | null; profession: Profession | null; versions: readonly VersionTerms[] },
  now: Date,
): AgreementNoticeView | null {
  if (f.acceptedVersion === null || (f.profession && !needsHpcaa(f.profession))) return null;
  return reacceptancePrompt(f.versions, f.acceptedVersion, now);
}
