// The world each authorization-matrix cell acts in: a fresh "this worksite" with a member, a
// site admin, an authorizer and the OBO user they sponsor, plus "another worksite" with its own
// site admin. The callers are made once per test file.
import { randomUUID } from 'node:crypto';
import type { Membership, Worksite, WorksiteStatus } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import type { Role } from './authz-matrix';
import { now } from '../support/clock';

export type PersonRole = Exclude<Role, 'anonymous' | 'serviceKey'>;
export type People = Record<PersonRole, { id: string }>;

export const person = (
  name: string,
  staffRoles: ('ENROLMENT_TEAM' | 'AUDITOR' | 'STAFF_ADMIN')[] = [],
) =>
  ensurePerson(db(), {
    givenName: name,
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
    staffRoles,
  });

/** The callers, made once per test file. */
export async function createPeople(): Promise<People> {
  const authorizer = await person('Avery');
  await createEnrolment(db(), {
    personId: authorizer.id,
    status: 'APPROVED',
    profession: 'PHYSICIAN',
  });
  await completeCourse(db(), { personId: authorizer.id });
  await acceptHpcaa(db(), { personId: authorizer.id });
  const obo = await person('Olive');
  await createEnrolment(db(), {
    personId: obo.id,
    status: 'APPROVED',
    profession: 'MEDICAL_OFFICE_ASSISTANT',
  });
  return {
    user: await person('Uma'),
    member: await person('Milo'),
    siteAdmin: await person('Sade'),
    otherSiteAdmin: await person('Otto'),
    authorizer,
    obo,
    enrolmentTeam: await person('Eve', ['ENROLMENT_TEAM']),
    auditor: await person('Ada', ['AUDITOR']),
    staffAdmin: await person('Stan', ['STAFF_ADMIN']),
  };
}

export type World = {
  p: People;
  ws: Worksite;
  other: Worksite;
  m: Record<'member' | 'siteAdmin' | 'authorizer' | 'obo' | 'otherSiteAdmin', Membership>;
  sponsorshipId: string;
};

export async function buildWorld(p: People, status: WorksiteStatus = 'ACTIVE'): Promise<World> {
  const ws = await createWorksite(db(), {
    creatorId: p.siteAdmin.id,
    status,
    operatingName: 'This Clinic',
  });
  const other = await createWorksite(db(), {
    creatorId: p.otherSiteAdmin.id,
    operatingName: 'Other Clinic',
  });
  const m = {
    siteAdmin: await createMembership(db(), {
      worksiteId: ws.id,
      personId: p.siteAdmin.id,
      siteAdmin: true,
    }),
    member: await createMembership(db(), { worksiteId: ws.id, personId: p.member.id }),
    authorizer: await createMembership(db(), { worksiteId: ws.id, personId: p.authorizer.id }),
    obo: await createMembership(db(), {
      worksiteId: ws.id,
      personId: p.obo.id,
      kind: 'ON_BEHALF_OF',
    }),
    otherSiteAdmin: await createMembership(db(), {
      worksiteId: other.id,
      personId: p.otherSiteAdmin.id,
      siteAdmin: true,
    }),
  };
  const s = await db().sponsorship.create({
    data: {
      oboMembershipId: m.obo.id,
      sponsorMembershipId: m.authorizer.id,
      status: 'ACTIVE',
      decidedAt: now(),
    },
  });
  return { p, ws, other, m, sponsorshipId: s.id };
}

/** Someone else at this worksite: the record a site admin (or the team) acts on. */
export async function target(w: World, spec: Partial<Parameters<typeof createMembership>[1]> = {}) {
  const t = await person('Theo');
  return createMembership(db(), { worksiteId: w.ws.id, personId: t.id, ...spec });
}

export async function enrolmentOf(status: 'IN_REVIEW' | 'APPROVED' | 'SUSPENDED') {
  const t = await person('Tara');
  return createEnrolment(db(), { personId: t.id, status, profession: 'REGISTERED_NURSE' });
}

export const today = () => now().toISOString().slice(0, 10);
export const reason = 'Checked against the college register today.';

/** `me` is the caller, for the few forms that ask for the caller's own name. */
export type Scenario = {
  status?: WorksiteStatus;
  input: (w: World, me: string | null) => Promise<unknown>;
};
export const s = (input: Scenario['input'], status?: WorksiteStatus): Scenario => ({
  input,
  status,
});
