// The data-access layer refuses on its own, whatever calls it (docs/decisions/017): every read of
// the team's data asks the policy table first, so a page that forgot its check still gets
// nothing — the same refusal for every caller of a kind, nothing read and nothing audited.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/errors';
import { searchAudit, recordAuditView } from '@/server/audit-viewer/queries';
import { listApiKeys } from '@/server/api-keys/queries';
import type { Subject } from '@/server/authz';
import { db } from '@/server/db';
import { enrolmentForTeam, enrolmentListDetails, enrolmentQueueCounts, professionChangeListDetails } from '@/server/enrolments/team-queries';
import { membershipListDetails } from '@/server/memberships/provisioning-queries';
import { membersPage } from '@/server/memberships/queries';
import { worksiteSettings } from '@/server/worksites/settings-queries';
import { personForTeam } from '@/server/people/team-queries';
import { pharmanetUserListDetails, pharmanetWorksiteListDetails, recentPharmanetDecisions } from '@/server/pharmanet/queries';
import { recentRemoteAccessDecisions, remoteAccessListDetails } from '@/server/remote-access/queries';
import { listStaff } from '@/server/staff/queries';
import { dashboardCounts } from '@/server/team/dashboard-queries';
import { parseQueueFilter, parseSearch } from '@/server/team/list-rules';
import { queuePage } from '@/server/team/queue-queries';
import { search } from '@/server/team/search-queries';
import { worksiteForTeam, worksiteListDetails, worksiteQueueCounts } from '@/server/worksites/team-queries';
import { worksitePage } from '@/server/worksites/queries';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-dal', ip: '192.0.2.10' };
let personId: string;
let enrolmentId: string;
let worksiteId: string;

beforeAll(async () => {
  const p = await ensurePerson(db(), { givenName: 'Dana' });
  personId = p.id;
  enrolmentId = (await createEnrolment(db(), { personId, status: 'IN_REVIEW' })).id;
  worksiteId = (await createWorksite(db(), { creatorId: personId })).id;
  await createMembership(db(), { worksiteId, personId, siteAdmin: true });
});

const queue = parseQueueFilter({});
const find = parseSearch({ q: 'Dana' });
if (!queue.ok || !find.ok) throw new Error('filters');

/** Every read of the team's data, as a page would call it, with the capability it needs. */
const TEAM_READS: [string, (v: Subject | null) => Promise<unknown>][] = [
  ['enrolmentListDetails', (v) => enrolmentListDetails(v, [enrolmentId])],
  ['enrolmentQueueCounts', (v) => enrolmentQueueCounts(v)],
  ['professionChangeListDetails', (v) => professionChangeListDetails(v, [randomUUID()])],
  ['enrolmentForTeam', (v) => enrolmentForTeam(v, enrolmentId, ctx)],
  ['worksiteListDetails', (v) => worksiteListDetails(v, [worksiteId])],
  ['worksiteQueueCounts', (v) => worksiteQueueCounts(v)],
  ['worksiteForTeam', (v) => worksiteForTeam(v, worksiteId, ctx)],
  ['personForTeam', (v) => personForTeam(v, personId, ctx)],
  ['membershipListDetails', (v) => membershipListDetails(v, [randomUUID()])],
  ['pharmanetWorksiteListDetails', (v) => pharmanetWorksiteListDetails(v, [randomUUID()])],
  ['pharmanetUserListDetails', (v) => pharmanetUserListDetails(v, [randomUUID()])],
  ['recentPharmanetDecisions', (v) => recentPharmanetDecisions(v)],
  ['remoteAccessListDetails', (v) => remoteAccessListDetails(v, [randomUUID()])],
  ['recentRemoteAccessDecisions', (v) => recentRemoteAccessDecisions(v)],
  ['dashboardCounts', (v) => dashboardCounts(v)],
  ['queuePage', (v) => queuePage(v, queue.value)],
  ['search', (v) => search(v, find.value)],
];

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  return null;
}
const views = () => db().auditEvent.count({ where: { action: { in: ['person.viewed_by_staff', 'worksite.viewed_by_staff', 'audit.viewed'] } } });

describe('the team’s reads', () => {
  it.each(TEAM_READS)('%s: no session, no staff role — refused the same way, nothing read or audited', async (_name, read) => {
    const before = await views();
    expect(await refusal(read(null))).toEqual({ code: 'UNAUTHENTICATED', message: 'Your session has ended. Please sign in again.' });
    // The site admin of the very worksite and the person the record is about are no exception.
    for (const v of [await viewerFor(personId), { id: randomUUID(), staffRoles: [] }]) {
      expect(await refusal(read(v))).toEqual({ code: 'FORBIDDEN', message: 'This is only available to the enrolment team.' });
    }
    expect(await views()).toBe(before);
  });

  it.each(TEAM_READS)('%s: every staff role reads it', async (_name, read) => {
    for (const role of ['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'] as const) {
      const staff = await ensurePerson(db(), { staffRoles: [role] });
      expect(await refusal(read({ id: staff.id, staffRoles: [role] }))).toBeNull();
    }
  });
});

describe('oversight reads', () => {
  const cases: [string, (v: Subject | null) => Promise<unknown>, string[]][] = [
    ['searchAudit', (v) => searchAudit(v, {}), ['AUDITOR', 'STAFF_ADMIN']],
    ['recordAuditView', (v) => recordAuditView(v, {}, ctx), ['AUDITOR', 'STAFF_ADMIN']],
    ['listApiKeys', (v) => listApiKeys(v), ['AUDITOR', 'STAFF_ADMIN']],
    ['listStaff', (v) => listStaff(v), ['STAFF_ADMIN']],
  ];
  it.each(cases)('%s: only the roles the table names', async (_name, read, roles) => {
    expect((await refusal(read({ id: personId, staffRoles: [] })))?.code).toBe('FORBIDDEN');
    for (const role of ['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'] as const) {
      const r = await refusal(read({ id: (await ensurePerson(db(), { staffRoles: [role] })).id, staffRoles: [role] }));
      expect(r === null, role).toBe(roles.includes(role));
    }
  });
});

describe('a worksite’s reads', () => {
  it('answer a stranger, the team and an unknown id alike: nothing', async () => {
    const stranger = await viewerFor((await ensurePerson(db())).id);
    const team = await viewerFor((await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] })).id);
    for (const v of [stranger, team]) {
      for (const id of [worksiteId, randomUUID(), 'not-a-uuid']) {
        expect(await worksitePage(v, id)).toBeNull();
        expect(await membersPage(v, id)).toBeNull();
        expect(await worksiteSettings(v, id)).toBeNull();
      }
    }
    // A member who is not a site admin sees the worksite and its members, not its settings.
    const member = await ensurePerson(db());
    await createMembership(db(), { worksiteId, personId: member.id });
    const m = await viewerFor(member.id);
    expect(await worksitePage(m, worksiteId)).not.toBeNull();
    expect(await membersPage(m, worksiteId)).not.toBeNull();
    expect(await worksiteSettings(m, worksiteId)).toBeNull();
    expect(await worksiteSettings(await viewerFor(personId), worksiteId)).not.toBeNull();
  });
});
