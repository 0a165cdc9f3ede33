import 'server-only';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson, changedFields } from '../audit';
import { db } from '../db';
import { closureRequestedEmail } from '../email/templates/membership';
import { pacificDateTime } from '@/lib/pacific';
import { portalUrl } from '../email/worksite-email';
import { enqueueNotices, teamMailbox } from '../notify';
import type { RequestContext } from '../request-context';
import { requireSiteAdmin } from './access';
import { siteAdminMay, statusLabel, type SiteAdminAction } from './rules';
import { clock } from '@/lib/clock';

function requireAllowed(action: SiteAdminAction, status: Parameters<typeof statusLabel>[0]) {
  if (!siteAdminMay(action, 'SITE_ADMIN', status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `This cannot be done while the worksite is ${statusLabel(status).toLowerCase()}.`,
    );
  }
}

/** Operating name, phone and email. The legal name and address are what the team verified, so
 * changes to those go through the team and are not accepted here. */
export async function updateWorksiteDetails(
  personId: string,
  input: { worksiteId: string; operatingName: string; phone: string; email: string },
  ctx: RequestContext,
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requireAllowed('EDIT_DETAILS', worksite.status);
    const next = { operatingName: input.operatingName, phone: input.phone, email: input.email };
    const { before, after } = changedFields(worksite, next);
    if (Object.keys(after).length === 0) return { changed: false };
    await tx.worksite.update({ where: { id: worksite.id }, data: next });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'worksite.details_updated',
      target: { type: 'WORKSITE', id: worksite.id },
      worksiteId: worksite.id,
      before,
      after,
    });
    return { changed: true };
  });
}

/** A site admin asks the team to close the worksite; the team decides (and ends memberships). */
export async function requestClosure(
  personId: string,
  input: { worksiteId: string; reason: string },
  ctx: RequestContext,
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requireAllowed('REQUEST_CLOSURE', worksite.status);
    if (worksite.closureRequestedAt) {
      throw new DomainError(
        'CONFLICT',
        `Closure was already requested on ${pacificDateTime(worksite.closureRequestedAt)}. The enrolment team will contact you.`,
      );
    }
    const now = clock.now();
    const reason = input.reason.trim();
    const r = await tx.worksite.updateMany({
      where: { id: worksite.id, closureRequestedAt: null },
      data: {
        closureRequestedAt: now,
        closureRequestedById: personId,
        closureRequestReason: reason,
      },
    });
    if (r.count !== 1)
      throw new DomainError(
        'ALREADY_DECIDED',
        'Closure was already requested. Reload the page to see it.',
      );
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'worksite.closure_requested',
      target: { type: 'WORKSITE', id: worksite.id },
      worksiteId: worksite.id,
      before: { closureRequestedAt: null },
      after: { closureRequestedAt: now.toISOString(), closureRequestReason: reason },
    });
    const me = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    const email = closureRequestedEmail({
      worksiteName: worksite.operatingName,
      legalName: worksite.legalName,
      byName: displayName(me),
      reason,
      requestedAt: now,
      url: portalUrl(`/admin/worksites/${worksite.id}`),
    });
    await enqueueNotices(tx, [{ worksite, to: teamMailbox(), email }]);
    return { requestedAt: now };
  });
}
