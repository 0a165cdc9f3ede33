import 'server-only';
import type { Membership, Worksite } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';
import type { WorksiteActor } from './rules';
import { isUuid } from '@/lib/ids';

// Every worksite-scoped action loads the worksite through one of these. A worksite the caller
// may not act on answers exactly like one that does not exist, so ids cannot be probed.
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that worksite.');

/** Locks the worksite row for the rest of the transaction: decisions on one worksite queue up. */
export async function lockWorksite(tx: Tx, worksiteId: string): Promise<Worksite> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Worksite" WHERE id = ${worksiteId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound();
  return tx.worksite.findUniqueOrThrow({ where: { id: worksiteId } });
}


/** The caller's membership, if it lets them see the worksite (any state but ended or declined). */
export async function memberOf(tx: Pick<Tx, 'membership'>, personId: string, worksiteId: string) {
  if (!isUuid(worksiteId)) return null;
  const m = await tx.membership.findUnique({ where: { personId_worksiteId: { personId, worksiteId } } });
  return m && m.status !== 'ENDED' && m.status !== 'DECLINED' ? m : null;
}

export const actorFor = (m: Membership | null): WorksiteActor =>
  m?.status === 'ACTIVE' ? (m.isSiteAdmin ? 'SITE_ADMIN' : 'MEMBER') : 'OTHER';

/** For site-admin actions: locks the worksite, then requires an active site-admin membership. */
export async function requireSiteAdmin(tx: Tx, personId: string, worksiteId: string) {
  if (!isUuid(worksiteId)) throw notFound();
  const worksite = await lockWorksite(tx, worksiteId);
  const membership = await memberOf(tx, personId, worksiteId);
  if (actorFor(membership) !== 'SITE_ADMIN') throw notFound();
  return { worksite, membership: membership! };
}

/** Where to email a worksite's site administrators (active ones with a contact email). */
export async function siteAdminContacts(tx: Pick<Tx, 'membership'>, worksiteId: string) {
  const admins = await tx.membership.findMany({
    where: { worksiteId, isSiteAdmin: true, status: 'ACTIVE' },
    include: { person: true },
  });
  return admins
    .map((m) => ({ personId: m.personId, email: m.person.contactEmail ?? m.person.idpEmail }))
    .filter((c): c is { personId: string; email: string } => Boolean(c.email));
}
