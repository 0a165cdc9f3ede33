import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit, byPerson, changedFields } from '../audit';
import { db } from '../db';
import type { AuditContext } from '../request-context';
import { requireSiteAdmin } from '../worksites/access';
import { siteAdminMay, statusLabel } from '../worksites/rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';
import { END_DATE_IN_PAST, endDateInPast } from '@/lib/end-date';

const memberNotFound = () => new DomainError('NOT_FOUND', 'We could not find that member.');

/**
 * A site admin flags a member as a locum with an optional end date (SPEC §8). The membership
 * ends by itself after that date: `effectiveMembershipStatus` reads it, no job runs.
 */
export async function setLocum(
  personId: string,
  input: { worksiteId: string; membershipId: string; isLocum: boolean; locumEndDate?: string | null },
  ctx: AuditContext,
  now = clock.now(),
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    if (!siteAdminMay('MANAGE_MEMBERS', 'SITE_ADMIN', worksite.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `This cannot be done while the worksite is ${statusLabel(worksite.status).toLowerCase()}.`,
      );
    if (!isUuid(input.membershipId)) throw memberNotFound();
    const m = await tx.membership.findFirst({
      where: { id: input.membershipId, worksiteId: worksite.id },
    });
    if (!m) throw memberNotFound();
    if (m.status === 'ENDED' || m.status === 'DECLINED')
      throw new DomainError('INVALID_TRANSITION', 'This membership has ended; it cannot be changed.');
    if (input.isLocum && m.kind !== 'INDEPENDENT')
      throw new DomainError(
        'INVALID_TRANSITION',
        'Only independent users can be locums; on-behalf-of users depend on their sponsor.',
      );
    const end = input.isLocum && input.locumEndDate ? input.locumEndDate : null;
    if (end && endDateInPast(end, now))
      throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
        locumEndDate: END_DATE_IN_PAST,
      });
    const next = { isLocum: input.isLocum, locumEndDate: end ? new Date(`${end}T00:00:00Z`) : null };
    const r = await tx.membership.updateMany({
      where: { id: m.id, status: m.status, isLocum: m.isLocum },
      data: next,
    });
    if (r.count !== 1)
      throw new DomainError('ALREADY_DECIDED', 'This membership changed meanwhile. Reload the page.');
    const diff = changedFields(
      { isLocum: m.isLocum, locumEndDate: m.locumEndDate?.toISOString().slice(0, 10) ?? null },
      { isLocum: next.isLocum, locumEndDate: end },
    );
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'membership.locum_updated',
      target: { type: 'MEMBERSHIP', id: m.id },
      worksiteId: worksite.id,
      personId: m.personId,
      ...diff,
    });
    return { membershipId: m.id, isLocum: next.isLocum, locumEndDate: end };
  });
}
