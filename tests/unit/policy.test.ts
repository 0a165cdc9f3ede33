// The policy table, cell by cell: every capability × every kind of caller × every kind of record
// (the caller's own, someone else's, a worksite they belong to in each membership state, another
// worksite, or none named). The expected table is written out here on its own, so changing who
// may do what means changing this file too.
import { describe, expect, it } from 'vitest';
import type { MembershipStatus, StaffRoleKind } from '@/generated/prisma/client';
import { isDomainError } from '@/lib/errors';
import { requireCapability } from '@/server/authz/guard';
import { CAPABILITIES, can, POLICY, refusal, staffRolesFor, type Capability, type Subject, type Target } from '@/server/authz/policy';

const STAFF = 'ENROLMENT_TEAM AUDITOR STAFF_ADMIN';
// Who holds each capability: "ROLE" is on every record, "ROLE:own" on the caller's own,
// "ROLE:ws" on records of a worksite where the caller's membership makes them that role.
const EXPECTED: Record<Capability, string> = {
  'self.read': 'PERSON:own',
  'invitation.accept': 'PERSON',
  'worksite.read': 'AFFILIATE:ws',
  'worksite.members.read': 'MEMBER:ws',
  'worksite.admin.read': 'SITE_ADMIN:ws',
  'worksite.file.read': `SITE_ADMIN:ws ${STAFF}`,
  'team.area': STAFF,
  'team.queue.read': STAFF,
  'team.search': STAFF,
  'team.person.read': STAFF,
  'team.enrolment.read': STAFF,
  'team.worksite.read': STAFF,
  'team.export': STAFF,
  'worksite.decide': 'ENROLMENT_TEAM',
  'worksite.suspend': 'ENROLMENT_TEAM AUDITOR',
  'enrolment.decide': 'ENROLMENT_TEAM',
  'enrolment.suspend': 'ENROLMENT_TEAM AUDITOR',
  'professionChange.decide': 'ENROLMENT_TEAM',
  'membership.provision': 'ENROLMENT_TEAM',
  'pharmanet.decide': 'ENROLMENT_TEAM',
  'remoteAccess.decide': 'ENROLMENT_TEAM',
  'course.record': 'ENROLMENT_TEAM',
  'team.assign': 'ENROLMENT_TEAM',
  'team.note': 'ENROLMENT_TEAM',
  'email.resend': 'ENROLMENT_TEAM',
  'person.suspend': 'ENROLMENT_TEAM AUDITOR',
  'viewerAccount.unlock': 'ENROLMENT_TEAM',
  'agreement.read': STAFF,
  'agreement.publish': 'ENROLMENT_TEAM',
  'audit.read': 'AUDITOR STAFF_ADMIN',
  'audit.verify': 'AUDITOR STAFF_ADMIN',
  'apiKeys.read': 'AUDITOR STAFF_ADMIN',
  'apiKeys.manage': 'STAFF_ADMIN',
  'staff.read': 'STAFF_ADMIN',
  'staff.manage': 'STAFF_ADMIN',
};

const ME = '00000000-0000-4000-8000-0000000000aa';
const SOMEONE = '00000000-0000-4000-8000-0000000000bb';
const MINE = '00000000-0000-4000-8000-00000000000a'; // the worksite the caller's membership is at
const ELSEWHERE = '00000000-0000-4000-8000-00000000000b';

// Callers: staff roles held globally, or one membership at MINE in a given state.
type CallerKind = { name: string; staff?: StaffRoleKind; membership?: { status: MembershipStatus; isSiteAdmin?: boolean } };
const CALLERS: CallerKind[] = [
  { name: 'signed-in person' },
  ...(['REQUESTED', 'INVITED', 'PENDING_SPONSOR', 'PENDING_REVIEW', 'INACTIVE'] as const).map((status) => ({ name: `${status} member`, membership: { status } })),
  { name: 'active member', membership: { status: 'ACTIVE' } },
  { name: 'active site admin', membership: { status: 'ACTIVE', isSiteAdmin: true } },
  { name: 'inactive site admin', membership: { status: 'INACTIVE', isSiteAdmin: true } },
  { name: 'ended member', membership: { status: 'ENDED' } },
  { name: 'declined member', membership: { status: 'DECLINED' } },
  { name: 'enrolment team', staff: 'ENROLMENT_TEAM' },
  { name: 'auditor', staff: 'AUDITOR' },
  { name: 'staff admin', staff: 'STAFF_ADMIN' },
];
const TARGETS: { name: string; target: Target | undefined }[] = [
  { name: 'no record', target: undefined },
  { name: 'their own record', target: { personId: ME } },
  { name: "someone else's record", target: { personId: SOMEONE } },
  { name: 'their worksite', target: { worksiteId: MINE } },
  { name: 'another worksite', target: { worksiteId: ELSEWHERE } },
];

const subjectOf = (c: CallerKind): Subject => ({
  id: ME,
  staffRoles: c.staff ? [c.staff] : [],
  memberships: c.membership ? [{ worksiteId: MINE, status: c.membership.status, isSiteAdmin: c.membership.isSiteAdmin ?? false }] : [],
});

// The roles a caller holds towards a record, worked out by hand from SPEC §2 and §8.
function rolesHeld(c: CallerKind, t: Target | undefined): string[] {
  const held = ['PERSON'];
  if (t?.personId === ME) held.push('PERSON:own');
  if (c.staff) held.push(c.staff);
  const m = c.membership;
  if (m && t?.worksiteId === MINE && m.status !== 'ENDED' && m.status !== 'DECLINED') {
    held.push('AFFILIATE:ws');
    if (m.status === 'ACTIVE') held.push('MEMBER:ws', ...(m.isSiteAdmin ? ['SITE_ADMIN:ws'] : []));
  }
  return held;
}

describe('the policy table', () => {
  it('has exactly the capabilities written out here', () => {
    expect(CAPABILITIES.sort()).toEqual((Object.keys(EXPECTED) as Capability[]).sort());
  });

  const cells = CAPABILITIES.flatMap((cap) => CALLERS.flatMap((c) => TARGETS.map((t) => [cap, c, t] as const)));
  it.each(cells.map(([cap, c, t]) => [`${cap} · ${c.name} · ${t.name}`, cap, c, t] as const))('%s', (_n, cap, c, t) => {
    const grants = EXPECTED[cap].split(' ');
    const expected = rolesHeld(c, t.target).some((r) => grants.includes(r));
    expect(can(subjectOf(c), cap, t.target)).toBe(expected);
  });

  it('lets nobody in without a caller', () => {
    for (const cap of CAPABILITIES) expect(can(null, cap)).toBe(false);
  });

  it('reads worksite scope from the right membership when a caller has several', () => {
    const s: Subject = {
      id: ME,
      staffRoles: [],
      memberships: [
        { worksiteId: MINE, status: 'ACTIVE', isSiteAdmin: false },
        { worksiteId: ELSEWHERE, status: 'ACTIVE', isSiteAdmin: true },
      ],
    };
    expect(can(s, 'worksite.admin.read', { worksiteId: MINE })).toBe(false);
    expect(can(s, 'worksite.admin.read', { worksiteId: ELSEWHERE })).toBe(true);
    expect(can({ id: ME, staffRoles: [] }, 'worksite.read', { worksiteId: MINE })).toBe(false); // no memberships loaded: refused
  });

  it('gives the actions the staff roles of the table', () => {
    expect(staffRolesFor('worksite.suspend')).toEqual(['ENROLMENT_TEAM', 'AUDITOR']);
    expect(staffRolesFor('worksite.read')).toEqual([]);
    for (const cap of CAPABILITIES) {
      expect(staffRolesFor(cap)).toEqual((['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'] as const).filter((r) => EXPECTED[cap].split(' ').includes(r)));
    }
  });

  it('names only known roles and scopes', () => {
    for (const grants of Object.values(POLICY))
      for (const [role, scope] of Object.entries(grants)) {
        expect(['PERSON', 'AFFILIATE', 'MEMBER', 'SITE_ADMIN', 'ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN']).toContain(role);
        expect(['own', 'ownWorksite', 'any']).toContain(scope);
      }
  });
});

describe('refusals', () => {
  const refusedWith = (s: Subject | null, cap: Capability, t?: Target) => {
    try {
      requireCapability(s, cap, t);
    } catch (e) {
      if (isDomainError(e)) return { code: e.code, message: e.message };
      throw e;
    }
    return null;
  };
  const person: Subject = { id: ME, staffRoles: [], memberships: [] };

  it('asks a caller without a session to sign in, whatever the capability', () => {
    for (const cap of CAPABILITIES) expect(refusedWith(null, cap)?.code).toBe('UNAUTHENTICATED');
  });

  it('tells people a staff-only capability is for the team, and staff which role it needs', () => {
    expect(refusedWith(person, 'team.queue.read')).toEqual({ code: 'FORBIDDEN', message: 'This is only available to the enrolment team.' });
    expect(refusedWith({ ...person, staffRoles: ['ENROLMENT_TEAM'] }, 'audit.read')).toEqual({
      code: 'FORBIDDEN',
      message: 'Only an auditor or a staff administrator can do this.',
    });
    expect(refusal({ ...person, staffRoles: ['AUDITOR'] }, 'team.note').message).toBe('Only the enrolment team can do this.');
    expect(refusal({ ...person, staffRoles: ['STAFF_ADMIN'] }, 'person.suspend').message).toBe('Only the enrolment team or an auditor can do this.');
  });

  it('answers a record reached through ownership exactly like a missing one, whoever asks', () => {
    const answers = [
      refusedWith(person, 'worksite.read', { worksiteId: ELSEWHERE }),
      refusedWith({ ...person, memberships: [{ worksiteId: MINE, status: 'ACTIVE', isSiteAdmin: false }] }, 'worksite.admin.read', { worksiteId: MINE }),
      refusedWith({ ...person, staffRoles: ['ENROLMENT_TEAM'] }, 'worksite.members.read', { worksiteId: MINE }),
      refusedWith(person, 'self.read', { personId: SOMEONE }),
    ];
    for (const a of answers) expect(a).toEqual({ code: 'NOT_FOUND', message: 'We could not find that.' });
  });

  it('lets an allowed caller through without a word', () => {
    expect(refusedWith({ ...person, staffRoles: ['AUDITOR'] }, 'audit.read')).toBeNull();
    expect(refusedWith(person, 'self.read', { personId: ME })).toBeNull();
  });
});
