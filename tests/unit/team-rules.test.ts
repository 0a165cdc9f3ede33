import { describe, expect, it } from 'vitest';
import type { PersonStatus, StaffRoleKind } from '@/generated/prisma/client';
import { assignmentOutcome, assignmentRefusal } from '@/server/assignments/rules';
import {
  mayTakeTeamAction,
  mayTakeTeamActionOn,
  ownRecordConflict,
  personTransition,
  TEAM_ACTION_ROLES,
  teamActionRefusal,
  type PersonEvent,
  type TeamAction,
} from '@/server/people/team-rules';

const ROLES: StaffRoleKind[] = ['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'];

describe('who may take which team action', () => {
  // action → roles that may (every other role is refused).
  const table: [TeamAction, StaffRoleKind[]][] = [
    ['addNote', ['ENROLMENT_TEAM']],
    ['assign', ['ENROLMENT_TEAM']],
    ['unassign', ['ENROLMENT_TEAM']],
    ['suspendPerson', ['ENROLMENT_TEAM', 'AUDITOR']],
    ['reinstatePerson', ['ENROLMENT_TEAM', 'AUDITOR']],
    ['resendEmail', ['ENROLMENT_TEAM']],
  ];

  it('covers every action', () => {
    expect(table.map(([a]) => a).sort()).toEqual(Object.keys(TEAM_ACTION_ROLES).sort());
  });

  for (const [action, allowed] of table) {
    for (const role of ROLES) {
      const may = allowed.includes(role);
      it(`${action} as ${role}: ${may ? 'allowed' : 'refused'}`, () => {
        expect(mayTakeTeamAction(action, [role])).toBe(may);
      });
    }
    it(`${action} with no staff role: refused`, () => {
      expect(mayTakeTeamAction(action, [])).toBe(false);
    });
  }

  it('a staff admin who is also on the team may act as the team', () => {
    expect(mayTakeTeamAction('addNote', ['STAFF_ADMIN', 'ENROLMENT_TEAM'])).toBe(true);
  });

  it('words the refusal for the roles that may', () => {
    expect(teamActionRefusal('suspendPerson')).toMatch(/enrolment team or an auditor/);
    expect(teamActionRefusal('addNote')).toBe('Only the enrolment team can do this.');
  });
});

describe('own-record conflicts', () => {
  const me = 'me';
  const table: [string, { personIds: string[]; worksiteIds: string[] }, string[], ReturnType<typeof ownRecordConflict>][] = [
    ['my own person record', { personIds: ['me'], worksiteIds: [] }, [], 'OWN_RECORD'],
    ['my own membership at a worksite I do not otherwise belong to', { personIds: ['me'], worksiteIds: ['w1'] }, [], 'OWN_RECORD'],
    ['a worksite I belong to', { personIds: [], worksiteIds: ['w1'] }, ['w1'], 'OWN_WORKSITE'],
    ["someone else's membership at my worksite", { personIds: ['other'], worksiteIds: ['w1'] }, ['w1', 'w2'], 'OWN_WORKSITE'],
    ["someone else's record", { personIds: ['other'], worksiteIds: [] }, ['w1'], null],
    ['a worksite I do not belong to', { personIds: [], worksiteIds: ['w3'] }, ['w1'], null],
  ];
  for (const [name, parties, memberOf, expected] of table) {
    it(`${name} → ${expected ?? 'no conflict'}`, () => {
      expect(ownRecordConflict(me, parties, memberOf)).toBe(expected);
    });
  }
});

describe('a team action on one record, as a list offers it', () => {
  const other = { personIds: ['other'], worksiteIds: ['w1'] };
  const table: [string, StaffRoleKind[], { personIds: string[]; worksiteIds: string[] }, string[], boolean][] = [
    ['the team, on someone else at another worksite', ['ENROLMENT_TEAM'], other, ['w2'], true],
    ['the team, on their own record', ['ENROLMENT_TEAM'], { personIds: ['me'], worksiteIds: ['w1'] }, [], false],
    ['the team, at a worksite they belong to', ['ENROLMENT_TEAM'], other, ['w1'], false],
    ['an auditor', ['AUDITOR'], other, [], false],
    ['a staff admin', ['STAFF_ADMIN'], other, [], false],
  ];
  for (const [name, roles, parties, memberOf, expected] of table) {
    it(`${name} → ${expected ? 'offered' : 'not offered'}`, () => {
      expect(mayTakeTeamActionOn('assign', { id: 'me', staffRoles: roles }, parties, memberOf)).toBe(expected);
    });
  }
});

describe('person status transitions', () => {
  const table: [PersonStatus, PersonEvent, PersonStatus | null][] = [
    ['ACTIVE', 'SUSPEND', 'SUSPENDED'],
    ['SUSPENDED', 'SUSPEND', null],
    ['INACTIVE', 'SUSPEND', null],
    ['SUSPENDED', 'REINSTATE', 'ACTIVE'],
    ['ACTIVE', 'REINSTATE', null],
    ['INACTIVE', 'REINSTATE', null],
  ];
  for (const [from, event, to] of table) {
    it(`${from} --${event}--> ${to ?? 'refused'}`, () => {
      const t = personTransition(from, event);
      expect(t.ok ? t.to : null).toBe(to);
      if (!t.ok) expect(t.reason).toMatch(/Only an? (active|suspended) person/);
    });
  }
});

describe('assignment outcomes', () => {
  const table: [string, 'assign' | 'unassign', string | null, string | null, ReturnType<typeof assignmentOutcome>][] = [
    ['assign an unassigned item', 'assign', null, null, { ok: true, to: 'me', changed: true }],
    ['assign an item already mine (double submit)', 'assign', 'me', null, { ok: true, to: 'me', changed: false }],
    ["assign someone else's item", 'assign', 'kim', null, { ok: false, code: 'ASSIGNED_TO_SOMEONE_ELSE', holder: 'kim' }],
    ["unassign someone else's item, as the page showed", 'unassign', 'kim', 'kim', { ok: true, to: null, changed: true }],
    ['unassign my item', 'unassign', 'me', 'me', { ok: true, to: null, changed: true }],
    ['unassign an item nobody has (double submit)', 'unassign', null, 'kim', { ok: true, to: null, changed: false }],
    ['unassign from a stale page (reassigned since)', 'unassign', 'lee', 'kim', { ok: false, code: 'CHANGED_SINCE_PAGE', holder: 'lee' }],
  ];
  for (const [name, op, current, expected, outcome] of table) {
    it(name, () => {
      expect(assignmentOutcome(op, current, 'me', expected)).toEqual(outcome);
    });
  }

  it('tells who holds it and how to take it over', () => {
    expect(assignmentRefusal('ASSIGNED_TO_SOMEONE_ELSE', 'Kim Lee')).toBe('This is already assigned to Kim Lee. To take it over, unassign it first.');
    expect(assignmentRefusal('CHANGED_SINCE_PAGE', 'Kim Lee')).toMatch(/Reload the page/);
  });
});
