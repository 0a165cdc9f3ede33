import 'server-only';
import type { WorksiteStatus } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { can, type Subject } from '../authz/guard';
import { db } from '../db';
import { actorFor, memberOf } from './access';
import { siteAdminMay, statusLabel } from './rules';

export type WorksiteSettings = {
  worksite: {
    id: string;
    worksiteCode: string;
    legalName: string;
    operatingName: string;
    address: string;
    phone: string;
    email: string;
    status: WorksiteStatus;
    statusLabel: string;
  };
  canEdit: boolean;
  canRequestClosure: boolean;
  closureRequest: { at: Date; byName: string | null; reason: string | null } | null;
};

/** The settings page: site admins only (anyone else gets null, like a missing worksite). */
export async function worksiteSettings(
  viewer: Subject,
  worksiteId: string,
): Promise<WorksiteSettings | null> {
  if (!can(viewer, 'worksite.admin.read', { worksiteId })) return null;
  const personId = viewer.id;
  const me = await memberOf(db(), personId, worksiteId);
  if (actorFor(me) !== 'SITE_ADMIN') return null;
  const w = await db().worksite.findUnique({ where: { id: worksiteId } });
  if (!w) return null;
  const by = w.closureRequestedById
    ? await db().person.findUnique({ where: { id: w.closureRequestedById } })
    : null;
  return {
    worksite: {
      id: w.id,
      worksiteCode: w.worksiteCode,
      legalName: w.legalName,
      operatingName: w.operatingName,
      address: `${w.street}, ${w.city}, ${w.province} ${w.postalCode}`,
      phone: w.phone,
      email: w.email,
      status: w.status,
      statusLabel: statusLabel(w.status),
    },
    canEdit: siteAdminMay('EDIT_DETAILS', 'SITE_ADMIN', w.status),
    canRequestClosure:
      siteAdminMay('REQUEST_CLOSURE', 'SITE_ADMIN', w.status) && !w.closureRequestedAt,
    closureRequest: w.closureRequestedAt
      ? {
          at: w.closureRequestedAt,
          byName: by ? displayName(by) : null,
          reason: w.closureRequestReason,
        }
      : null,
  };
}
