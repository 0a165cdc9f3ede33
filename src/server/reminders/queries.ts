import 'server-only';
import type { RecordType } from '@/generated/prisma/client';
import { pacificDate } from '@/lib/business-days';
import { displayName } from '@/lib/names';
import { hpcaaExpiresOn } from '../agreements/rules';
import { peopleAwaitingAgreement } from '../agreements/queries';
import { db } from '../db';
import { addDays, locumEndsOn, type ReminderKind } from './rules';

// What may be due now, per kind: a generous window read by indexed columns, then the exact
// Pacific-calendar rule in rules.ts decides. Only people whose record is active are reminded.

export type Recipient = { personId: string; email: string; name: string; aboutName?: string };

export type Candidate = {
  kind: ReminderKind;
  personId: string;
  /** What the reminder is about; with the threshold, unique per person (ReminderSent). */
  subject: string;
  endsOn: string;
  target: { type: RecordType; id: string };
  worksite?: { id: string; name: string } | null;
  agreementVersion?: number;
  recipients: Recipient[];
};

type PersonRow = {
  id: string;
  status: string;
  contactEmail: string | null;
  idpEmail: string | null;
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
};

const DAY = 86_400_000;
const emailOf = (p: PersonRow) => p.contactEmail ?? p.idpEmail;
const recipientOf = (p: PersonRow, aboutName?: string): Recipient[] => {
  const email = emailOf(p);
  return email ? [{ personId: p.id, email, name: displayName(p), ...(aboutName ? { aboutName } : {}) }] : [];
};

async function activePeople(ids: string[]): Promise<Map<string, PersonRow>> {
  if (ids.length === 0) return new Map();
  const people = await db().person.findMany({ where: { id: { in: [...new Set(ids)] }, status: 'ACTIVE' } });
  return new Map(people.map((p) => [p.id, p]));
}

/** Latest HPCAA acceptance per person, when it runs out within about a month. */
export async function hpcaaCandidates(now: Date): Promise<Candidate[]> {
  const from = new Date(now.getTime() - 400 * DAY).toISOString();
  const to = new Date(now.getTime() - 300 * DAY).toISOString();
  const rows = await db().$queryRaw<{ personId: string; id: string; acceptedAt: Date }[]>`
    SELECT l."personId", l."id", l."acceptedAt"
      FROM (
        SELECT DISTINCT ON (a."personId") a."personId", a."id", a."acceptedAt"
          FROM "AgreementAcceptance" a JOIN "AgreementVersion" v ON v."id" = a."agreementVersionId"
         WHERE v."kind" = 'HPCAA'
         ORDER BY a."personId", a."acceptedAt" DESC, a."id" DESC
      ) l
     WHERE l."acceptedAt" BETWEEN ${from}::timestamp AND ${to}::timestamp`;
  const people = await activePeople(rows.map((r) => r.personId));
  return rows.flatMap((r) => {
    const p = people.get(r.personId);
    if (!p) return [];
    return [{ kind: 'hpcaa-expiring' as const, personId: p.id, subject: `hpcaa:${r.id}`, endsOn: hpcaaExpiresOn(r.acceptedAt), target: { type: 'PERSON' as const, id: p.id }, recipients: recipientOf(p) }];
  });
}

/** Active locums whose last day is within about a week: to the locum and the site admins. */
export async function locumCandidates(now: Date): Promise<Candidate[]> {
  const today = pacificDate(now);
  const locums = await db().membership.findMany({
    where: {
      isLocum: true,
      status: 'ACTIVE',
      locumEndDate: { gte: new Date(`${today}T00:00:00Z`), lte: new Date(`${addDays(today, 8)}T00:00:00Z`) },
      person: { status: 'ACTIVE' },
    },
    include: { person: true, worksite: { select: { id: true, operatingName: true } } },
  });
  if (locums.length === 0) return [];
  const admins = await db().membership.findMany({
    where: { worksiteId: { in: [...new Set(locums.map((l) => l.worksiteId))] }, isSiteAdmin: true, status: 'ACTIVE', person: { status: 'ACTIVE' } },
    include: { person: true },
    orderBy: { createdAt: 'asc' },
  });
  return locums.map((m) => {
    const lastDay = m.locumEndDate!.toISOString().slice(0, 10);
    const name = displayName(m.person);
    return {
      kind: 'locum-ending' as const,
      personId: m.personId,
      // A changed end date is a new subject: the locum and admins are reminded of the new one.
      subject: `locum:${m.id}:${lastDay}`,
      endsOn: locumEndsOn(lastDay),
      target: { type: 'MEMBERSHIP' as const, id: m.id },
      worksite: { id: m.worksite.id, name: m.worksite.operatingName },
      recipients: [
        ...recipientOf(m.person),
        ...admins.filter((a) => a.worksiteId === m.worksiteId && a.personId !== m.personId).flatMap((a) => recipientOf(a.person, name)),
      ],
    };
  });
}

/** Viewer passwords that expire within about two weeks. */
export async function viewerPasswordCandidates(now: Date): Promise<Candidate[]> {
  const accounts = await db().viewerAccount.findMany({
    where: { passwordHash: { not: null }, passwordExpiresAt: { gt: now, lte: new Date(now.getTime() + 16 * DAY) }, person: { status: 'ACTIVE' } },
    include: { person: true },
  });
  return accounts.map((a) => ({
    kind: 'viewer-password-expiring' as const,
    personId: a.personId,
    // Each new password is a new subject (its expiry differs), so it is reminded afresh.
    subject: `viewer-password:${a.id}:${a.passwordExpiresAt!.toISOString()}`,
    endsOn: pacificDate(a.passwordExpiresAt!),
    target: { type: 'VIEWER_ACCOUNT' as const, id: a.id },
    recipients: recipientOf(a.person),
  }));
}

/** People asked to accept a newer agreement version, before their access pauses. */
export async function agreementCandidates(now: Date): Promise<Candidate[]> {
  const awaiting = await peopleAwaitingAgreement(now);
  const people = await activePeople(awaiting.map((w) => w.personId));
  return awaiting.flatMap((w) => {
    const p = people.get(w.personId);
    if (!p) return [];
    return [{
      kind: 'agreement-awaiting' as const,
      personId: p.id,
      subject: `agreement:${w.versionId}`,
      endsOn: pacificDate(w.acceptBy),
      target: { type: 'AGREEMENT_VERSION' as const, id: w.versionId },
      agreementVersion: w.version,
      recipients: recipientOf(p),
    }];
  });
}

export const CANDIDATE_SOURCES: Record<ReminderKind, (now: Date) => Promise<Candidate[]>> = {
  'hpcaa-expiring': hpcaaCandidates,
  'locum-ending': locumCandidates,
  'viewer-password-expiring': viewerPasswordCandidates,
  'agreement-awaiting': agreementCandidates,
};
