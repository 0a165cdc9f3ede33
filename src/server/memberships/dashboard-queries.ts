import 'server-only';
import type { MembershipStatus } from '@/generated/prisma/client';
import { db } from '../db';
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

/** The person's memberships for the dashboard, each with the status that counts now. */
export async function myMemberships(viewer: Subject, now = clock.now()): Promise<MyMembership[]> {
  const personId = viewer.id;
  const [rows, effective] = await Promise.all([
    db().membership.findMany({
      where: { personId, status: { notIn: ['DECLINED'] } },
      include: { worksite: true },
      orderBy: { createdAt: 'asc' },
    }),
    effectiveStatusesOfPerson(db(), personId, now),
  ]);
  const eff = (m: (typeof rows)[number]) => effective.get(m.id) ?? { status: m.status, reason: null };
  const waiting = rows.filter((m) => m.kind === 'ON_BEHALF_OF' && eff(m).status === 'PENDING_SPONSOR');
  const waits = await sponsorWaits(db(), waiting, now);
  return rows.map((m) => {
    const e = eff(m);
    const wait = waits.get(m.id) ?? null;
    return {
      worksiteId: m.worksiteId,
      worksiteCode: m.worksite.worksiteCode,
      operatingName: m.worksite.operatingName,
      status: e.status,
      statusLabel: membershipStatusLabel(e.status),
      why: whyText(e, wait),
      sponsorWait: wait?.reason ?? null,
      onBehalfOf: m.kind === 'ON_BEHALF_OF',
    };
  });
}
