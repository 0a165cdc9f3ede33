import { describe, expect, it } from 'vitest';
import type { PersonStatus, StaffRoleKind } from '@/generated/prisma/client';
import { assignmentOutcome, assignmentRefusal } from '@/server/assignments/rules';
import { mayActOn, type Parties } from '@/server/decisions/conflict';
import { personTransition, type PersonEvent } from '@/server/people/team-rules';

describe('a team action on one record, as a list offers it', () => {
  const other = { personId: 'other', worksiteId: 'w1' };
  const table: [string, StaffRoleKind[], Parties, string[], boolean][] = [
    ['the team, on someone else at another worksite', ['ENROLMENT_TEAM'], other, ['w2'], true],
    ['the team, on a worksite they do not belong to', ['ENROLMENT_TEAM'], { worksiteId: 'w3' }, ['w1'], true],
    ['the team, on their own record', ['ENROLMENT_TEAM'], { personId: 'me' }, [], false],
    ['the team, on their own membership at a worksite they do not otherwise belong to', ['ENROLMENT_TEAM'], { personId: 'me', worksiteId: 'w1' }, [], false],
    ['the team, on a worksite they belong to', ['ENROLMENT_TEAM'], { worksiteId: 'w1' }, ['w1'], false],
    ["the team, on someone else's membership at their worksite", ['ENROLMENT_TEAM'], other, ['w1', 'w2'], false],
    ['an auditor', ['AUDITOR'], other, [], false],
    ['a staff admin', ['STAFF_ADMIN'], other, [], false],
  ];
  for (const [name, roles, parties, memberOf, expected] of table) {
    it(`${name} → ${expected ? 'offered' : 'not offered'}`, () => {
      expect(mayActOn({ id: 'me', staffRoles: roles }, 'team.assign', parties, memberOf)).toBe(expected);
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
