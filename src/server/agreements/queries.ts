import 'server-only';
import type { AgreementVersion, Profession } from '@/generated/prisma/client';
import { displayName, legalName } from '@/lib/names';
import { ensureHpcaaVersion } from '../../../prisma/seed-data/hpcaa-v1';
import { db, type Tx } from '../db';
import type { Subject } from '../authz/guard';
import { needsHpcaa, professionLabel } from '../professions/rules';
import { hpcaaExpiresOn, hpcaaState, type HpcaaState } from './rules';
import { clock } from '@/lib/clock';

type Client = Pick<Tx, 'agreementVersion'>;

/**
 * The version people accept now: the newest published one. The text of version 1 ships with the
 * code, so a database that was never seeded publishes it on first read (idempotent).
 */
export async function currentHpcaaVersion(client: Client = db(), now: Date = clock.now()): Promise<AgreementVersion> {
  const find = () =>
    client.agreementVersion.findFirst({
      where: { kind: 'HPCAA', publishedAt: { lte: now } },
      orderBy: { version: 'desc' },
    });
  return (await find()) ?? (await ensureHpcaaVersion(client));
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

/** The person's HPCAA state now, whatever their profession (see agreementPage for "needed"). */
export async function personHpcaaState(
  client: Pick<Tx, 'agreementVersion' | 'agreementAcceptance'>,
  personId: string,
  now: Date = clock.now(),
): Promise<{ state: HpcaaState; acceptance: HpcaaAcceptanceView | null; currentVersion: number }> {
  const [current, acceptance] = await Promise.all([currentHpcaaVersion(client, now), latestHpcaaAcceptance(client, personId)]);
  return { state: hpcaaState({ acceptance, currentVersion: current.version, now }), acceptance, currentVersion: current.version };
}

export type AgreementSection = { heading: string | null; paragraphs: string[] };

/** The stored text: sections separated by a blank line, a section's first line its heading. */
export function agreementSections(body: string): AgreementSection[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map((lines) =>
      lines.length > 1 ? { heading: lines[0]!, paragraphs: lines.slice(1) } : { heading: null, paragraphs: lines },
    );
}

export type AgreementPageView = {
  current: { id: string; version: number; title: string; publishedAt: Date; sections: AgreementSection[] };
  state: HpcaaState;
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
  const current = await currentHpcaaVersion(db(), now);
  const { state, acceptance } = await personHpcaaState(db(), personId, now);
  const profession: Profession | null = person.enrolment?.profession ?? null;
  return {
    current: {
      id: current.id,
      version: current.version,
      title: current.title,
      publishedAt: current.publishedAt,
      sections: agreementSections(current.body),
    },
    state,
    accepted: acceptance
      ? { version: acceptance.versionNumber, acceptedAt: acceptance.acceptedAt, expiresOn: hpcaaExpiresOn(acceptance.acceptedAt) }
      : null,
    needed: profession ? needsHpcaa(profession) : null,
    professionLabel: profession ? professionLabel(profession) : null,
    legalName: legalName(person),
    displayName: displayName(person),
  };
}
