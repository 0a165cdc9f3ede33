// Each per-domain team page's list, read as the page reads it: the work list filtered by type,
// joined with the page's own details. Tests use these in place of the old per-domain queues.
import type { Subject } from '@/server/authz';
import { enrolmentListDetails, professionChangeListDetails } from '@/server/enrolments/team-queries';
import { membershipListDetails } from '@/server/memberships/provisioning-queries';
import { pharmanetUserListDetails, pharmanetWorksiteListDetails } from '@/server/pharmanet/queries';
import { remoteAccessListDetails } from '@/server/remote-access/queries';
import { worksiteListDetails } from '@/server/worksites/team-queries';
import type { WorksiteStatus } from '@/generated/prisma/client';
import { domainView, type QueueType } from '@/server/team/list-rules';
import { domainPage } from '@/server/team/queue-queries';

type Opts = { after?: string | null; now?: Date; pageSize?: number };

export const enrolmentList = (v: Subject | null, p: Opts = {}) =>
  domainPage(v, domainView(['enrolment'], { after: p.after }), (ids) => enrolmentListDetails(v, ids), p);

/** Every waiting profession change request (one long page), as the page shows them. */
export const professionChangeList = async (v: Subject | null, p: Opts = {}) =>
  (await domainPage(v, domainView(['profession-change'], { after: p.after }), (ids) => professionChangeListDetails(v, ids), { pageSize: 1000, ...p })).rows;

export const remoteAccessList = (v: Subject | null, p: Opts = {}) =>
  domainPage(v, domainView(['remote-access'], { after: p.after }), (ids) => remoteAccessListDetails(v, ids), p);

/** Every waiting remote access request (one long page), with the page's details. */
export const remoteAccessRows = async (v: Subject | null) => (await remoteAccessList(v, { pageSize: 1000 })).rows.map((r) => r.detail);

export const pharmanetWorksiteList = (v: Subject | null, p: Opts = {}) =>
  domainPage(v, domainView(['pharmanet-worksite'], { after: p.after }), (ids) => pharmanetWorksiteListDetails(v, ids), p);
export const pharmanetUserList = (v: Subject | null, p: Opts = {}) =>
  domainPage(v, domainView(['pharmanet-user'], { after: p.after }), (ids) => pharmanetUserListDetails(v, ids), p);

/** Both waiting PharmaNet lists (one long page each), with the page's details. */
export async function pharmanetRows(v: Subject | null) {
  const [w, u] = await Promise.all([pharmanetWorksiteList(v, { pageSize: 1000 }), pharmanetUserList(v, { pageSize: 1000 })]);
  return { worksites: w.rows.map((r) => r.detail), users: u.rows.map((r) => r.detail) };
}

export const membershipList = (v: Subject | null, p: Opts = {}) =>
  domainPage(v, domainView(['membership'], { after: p.after }), (ids) => membershipListDetails(v, ids, p.now), p);

/** Every membership waiting for set-up (one long page): the page's details with the list's ageing. */
export async function membershipRows(v: Subject | null, now?: Date) {
  const { rows } = await membershipList(v, { now, pageSize: 1000 });
  return { rows: rows.map((r) => ({ ...r.detail, waitingSince: r.waitingSince, ageDays: r.ageDays, ageTone: r.ageTone, ageText: r.ageText })) };
}

/** The worksites page's filters: a status, or the closure requests, or (by default) both review queues. */
export function worksiteView(p: { statuses?: WorksiteStatus[]; closureRequested?: boolean }): { types: QueueType[]; status: string } {
  const s = p.statuses?.[0];
  if (p.closureRequested) return { types: ['closure'], status: 'open' };
  if (!s) return { types: ['intake', 'declaration'], status: 'open' };
  if (s === 'INTAKE_SUBMITTED') return { types: ['intake'], status: 'open' };
  if (s === 'DECLARATION_SUBMITTED') return { types: ['declaration'], status: 'open' };
  return { types: s === 'ACTIVE' || s === 'SUSPENDED' ? ['worksite', 'closure'] : ['worksite'], status: s };
}

/** The worksites page's list, rows flattened with their details. */
export async function worksiteList(v: Subject | null, p: Opts & { statuses?: WorksiteStatus[]; closureRequested?: boolean } = {}) {
  const w = worksiteView(p);
  const page = await domainPage(v, domainView(w.types, { status: w.status, after: p.after }), (ids) => worksiteListDetails(v, ids), p);
  return { rows: page.rows.map((r) => ({ ...r, ...r.detail, operatingName: r.worksiteName, submittedAt: r.waitingSince })), nextCursor: page.nextCursor };
}
