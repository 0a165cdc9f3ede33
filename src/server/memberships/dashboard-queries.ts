import 'server-only';
import { Prisma, type MembershipKind, type MembershipStatus, type WorksiteStatus } from '@/generated/prisma/client';
import { db } from '../db';
import { prepared } from '../prepared';
import type { Subject } from '../authz/guard';
import { effectiveStatusesOfPerson } from '../sponsorships/queries';
import { sponsorWaitTextForMember, type EffectiveReason, type SponsorWait, type SponsorWaitReason } from '../sponsorships/rules';
import { sponsorWaits } from '../sponsorships/wait-queries';
import { membershipStatusLabel } from './rules';
import { clock } from '@/lib/clock';

export type MyMembership = {
  worksiteId: string;
  worksiteCode: string;
  operatingName: string;
  status: MembershipStatus; // effective now: sponsorship and end dates applied
  statusLabel: string;
  why: string | null;
  /** While waiting for a sponsor: why (nobody can sponsor yet, asked, nobody asked). */
  sponsorWait: SponsorWaitReason | null;
  onBehalfOf: boolean;
};

const WHY: Record<EffectiveReason, string> = {
  NO_ACTIVE_SPONSOR: 'No authorizer is sponsoring you here right now.',
  RESIDENCY_ENDED: 'Your residency has ended.',
  LOCUM_ENDED: 'Your locum period has ended.',
};

function whyText(e: { status: MembershipStatus; reason: EffectiveReason | null }, wait: SponsorWait | null) {
  const why = e.reason ? WHY[e.reason] : e.status === 'PENDING_SPONSOR' ? WHY.NO_ACTIVE_SPONSOR : null;
  // Then what to do next: with nobody able to sponsor, asking a colleague is futile.
  return wait ? `${why ? `${why} ` : ''}${sponsorWaitTextForMember(wait)}` : why;
}

export type MembershipRow = {
  id: string;
  personId: string;
  worksiteId: string;
  status: MembershipStatus;
  kind: MembershipKind;
  isSiteAdmin: boolean;
  worksiteCode: string;
  operatingName: string;
  worksiteStatus: WorksiteStatus;
  /** Join requests waiting at this worksite, counted only where the person is an active site admin. */
  joinRequests: number;
  /** Sponsorship requests waiting for this person's answer (the same on every row). */
  sponsorRequests: number;
};

/** Every membership of the person but declined ones, oldest first, with what waits for them. */
export function membershipRows(personId: string): Promise<MembershipRow[]> {
  // Through the pg driver: the dashboard reads it on every view (no timestamps to convert).
  return prepared<MembershipRow>(Prisma.sql`
    SELECT m.id, m."personId", m."worksiteId", m.status::text AS status, m.kind::text AS kind, m."isSiteAdmin",
           w."worksiteCode", w."operatingName", w.status::text AS "worksiteStatus",
           CASE WHEN m."isSiteAdmin" AND m.status = 'ACTIVE'
                THEN (SELECT count(*)::int FROM "Membership" r WHERE r."worksiteId" = m."worksiteId" AND r.status = 'REQUESTED')
                ELSE 0 END AS "joinRequests",
           (SELECT count(*)::int FROM "Sponsorship" s JOIN "Membership" sm ON sm.id = s."sponsorMembershipId"
             WHERE s.status = 'REQUESTED' AND sm."personId" = m."personId" AND sm.status NOT IN ('ENDED', 'DECLINED')) AS "sponsorRequests"
    FROM "Membership" m JOIN "Worksite" w ON w.id = m."worksiteId"
    WHERE m."personId" = ${personId}::uuid AND m.status <> 'DECLINED'
    ORDER BY m."createdAt", m.id`,
    'cc_dashboard',
  );
}

/** The person's memberships for the dashboard, each with the status that counts now. */
export async function myMemberships(viewer: Subject, now = clock.now()): Promise<MyMembership[]> {
  return membershipsFromRows(await membershipRows(viewer.id), now);
}

/** The dashboard's memberships from rows already read (membershipRows). `known`: effective
 * statuses already worked out (the dashboard's access facts); ended memberships need none. */
export async function membershipsFromRows(
  rows: readonly MembershipRow[],
  now = clock.now(),
  known?: ReadonlyMap<string, { status: MembershipStatus; reason: EffectiveReason | null }>,
): Promise<MyMembership[]> {
  if (rows.length === 0) return [];
  const effective = known ?? (await effectiveStatusesOfPerson(db(), rows[0]!.personId, now));
  const eff = (m: MembershipRow) => effective.get(m.id) ?? { status: m.status, reason: null };
  const waiting = rows.filter((m) => m.kind === 'ON_BEHALF_OF' && eff(m).status === 'PENDING_SPONSOR');
  const waits = await sponsorWaits(db(), waiting, now);
  return rows.map((m) => {
    const e = eff(m);
    const wait = waits.get(m.id) ?? null;
    return {
      worksiteId: m.worksiteId,
      worksiteCode: m.worksiteCode,
      operatingName: m.operatingName,
      status: e.status,
      statusLabel: membershipStatusLabel(e.status),
      why: whyText(e, wait),
      sponsorWait: wait?.reason ?? null,
      onBehalfOf: m.kind === 'ON_BEHALF_OF',
    };
  });
}
