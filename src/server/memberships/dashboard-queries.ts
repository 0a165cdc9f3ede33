import 'server-only';
import type { MembershipStatus } from '@/generated/prisma/client';
import { db } from '../db';
import type { Subject } from '../authz/guard';
import { effectiveStatusesOfPerson } from '../sponsorships/queries';
import type { EffectiveReason } from '../sponsorships/rules';
import { membershipStatusLabel } from './rules';
import { clock } from '@/lib/clock';

export type MyMembership = {
  worksiteId: string;
  worksiteCode: string;
  operatingName: string;
  status: MembershipStatus; // effective now: sponsorship and end dates applied
  statusLabel: string;
  why: string | null;
  onBehalfOf: boolean;
};

const WHY: Record<EffectiveReason, string> = {
  NO_ACTIVE_SPONSOR: 'No authorizer is sponsoring you here right now.',
  RESIDENCY_ENDED: 'Your residency has ended.',
  LOCUM_ENDED: 'Your locum period has ended.',
};

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
  return rows.map((m) => {
    const eff = effective.get(m.id) ?? { status: m.status, reason: null };
    return {
      worksiteId: m.worksiteId,
      worksiteCode: m.worksite.worksiteCode,
      operatingName: m.worksite.operatingName,
      status: eff.status,
      statusLabel: membershipStatusLabel(eff.status),
      why: eff.reason ? WHY[eff.reason] : eff.status === 'PENDING_SPONSOR' ? WHY.NO_ACTIVE_SPONSOR : null,
      onBehalfOf: m.kind === 'ON_BEHALF_OF',
    };
  });
}
