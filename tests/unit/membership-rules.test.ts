import { describe, expect, it } from 'vitest';
import type { MembershipStatus } from '@/generated/prisma/client';
import {
  confirmedStatus,
  memberActionsFor,
  memberTransition,
  membershipStatusLabel,
  PERMISSION_FOR,
  transferDecision,
  type MemberAction,
  type MemberTarget,
} from '@/server/memberships/rules';
import { LAST_SITE_ADMIN_MESSAGE, siteAdminMay } from '@/server/worksites/rules';

const member = (status: MembershipStatus, extra: Partial<MemberTarget> = {}): MemberTarget => ({
  status,
  kind: 'INDEPENDENT',
  isSiteAdmin: false,
  isLocum: false,
  ...extra,
});
const many = { activeSiteAdmins: 3 };
const one = { activeSiteAdmins: 1 };

describe('member transitions by state (plenty of admins)', () => {
  // target, action → resulting { status, isSiteAdmin } or null when refused
  const table: [
    string,
    MemberTarget,
    MemberAction,
    { status: MembershipStatus; isSiteAdmin: boolean } | null,
  ][] = [
    [
      'join request',
      member('REQUESTED'),
      'CONFIRM_JOIN',
      { status: 'PENDING_REVIEW', isSiteAdmin: false },
    ],
    [
      'on-behalf-of join request',
      member('REQUESTED', { kind: 'ON_BEHALF_OF' }),
      'CONFIRM_JOIN',
      { status: 'PENDING_SPONSOR', isSiteAdmin: false },
    ],
    [
      'join request',
      member('REQUESTED'),
      'DECLINE_JOIN',
      { status: 'DECLINED', isSiteAdmin: false },
    ],
    ['active member', member('ACTIVE'), 'CONFIRM_JOIN', null],
    ['declined request', member('DECLINED'), 'CONFIRM_JOIN', null],
    ['declined request', member('DECLINED'), 'DECLINE_JOIN', null],
    ['pending review', member('PENDING_REVIEW'), 'DECLINE_JOIN', null],
    ['active member', member('ACTIVE'), 'GRANT_ADMIN', { status: 'ACTIVE', isSiteAdmin: true }],
    ['active admin', member('ACTIVE', { isSiteAdmin: true }), 'GRANT_ADMIN', null],
    ['inactive member', member('INACTIVE'), 'GRANT_ADMIN', null],
    ['pending review', member('PENDING_REVIEW'), 'GRANT_ADMIN', null],
    ['join request', member('REQUESTED'), 'GRANT_ADMIN', null],
    [
      'active admin',
      member('ACTIVE', { isSiteAdmin: true }),
      'REMOVE_ADMIN',
      { status: 'ACTIVE', isSiteAdmin: false },
    ],
    ['active member', member('ACTIVE'), 'REMOVE_ADMIN', null],
    ['inactive admin', member('INACTIVE', { isSiteAdmin: true }), 'REMOVE_ADMIN', null],
    ['active member', member('ACTIVE'), 'INACTIVATE', { status: 'INACTIVE', isSiteAdmin: false }],
    [
      'active admin',
      member('ACTIVE', { isSiteAdmin: true }),
      'INACTIVATE',
      { status: 'INACTIVE', isSiteAdmin: true },
    ],
    ['inactive member', member('INACTIVE'), 'INACTIVATE', null],
    ['pending review', member('PENDING_REVIEW'), 'INACTIVATE', null],
    ['ended member', member('ENDED'), 'INACTIVATE', null],
    ['inactive member', member('INACTIVE'), 'REACTIVATE', { status: 'ACTIVE', isSiteAdmin: false }],
    [
      'inactive admin',
      member('INACTIVE', { isSiteAdmin: true }),
      'REACTIVATE',
      { status: 'ACTIVE', isSiteAdmin: true },
    ],
    ['active member', member('ACTIVE'), 'REACTIVATE', null],
    ['ended member', member('ENDED'), 'REACTIVATE', null],
    [
      'active locum',
      member('ACTIVE', { isLocum: true }),
      'END_LOCUM',
      { status: 'ENDED', isSiteAdmin: false },
    ],
    [
      'inactive locum',
      member('INACTIVE', { isLocum: true }),
      'END_LOCUM',
      { status: 'ENDED', isSiteAdmin: false },
    ],
    [
      'active locum admin',
      member('ACTIVE', { isLocum: true, isSiteAdmin: true }),
      'END_LOCUM',
      { status: 'ENDED', isSiteAdmin: false },
    ],
    ['ended locum', member('ENDED', { isLocum: true }), 'END_LOCUM', null],
    ['active non-locum', member('ACTIVE'), 'END_LOCUM', null],
  ];
  it.each(table)('%s + %s', (_name, target, action, expected) => {
    const d = memberTransition(action, target, many);
    if (expected) expect(d).toEqual({ ok: true, to: expected });
    else expect(d).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });
});

describe('the last active site admin', () => {
  const admin = member('ACTIVE', { isSiteAdmin: true });
  it.each([
    ['REMOVE_ADMIN', admin],
    ['INACTIVATE', admin],
    ['END_LOCUM', member('ACTIVE', { isSiteAdmin: true, isLocum: true })],
  ] as const)('%s is refused with the successor message', (action, target) => {
    expect(memberTransition(action, target, one)).toEqual({
      ok: false,
      code: 'LAST_SITE_ADMIN',
      reason: LAST_SITE_ADMIN_MESSAGE,
    });
    expect(memberTransition(action, target, { activeSiteAdmins: 0 })).toMatchObject({
      ok: false,
      code: 'LAST_SITE_ADMIN',
    });
    expect(memberTransition(action, target, { activeSiteAdmins: 2 }).ok).toBe(true);
  });

  it('changes that keep the admin active are not affected by the count', () => {
    expect(memberTransition('GRANT_ADMIN', member('ACTIVE'), one).ok).toBe(true);
    expect(memberTransition('INACTIVATE', member('ACTIVE'), one).ok).toBe(true);
    // An inactive admin is not counted, so ending them as a locum never strands the worksite.
    expect(
      memberTransition('END_LOCUM', member('INACTIVE', { isSiteAdmin: true, isLocum: true }), one)
        .ok,
    ).toBe(true);
  });

  it('the message tells how to designate a successor', () => {
    expect(LAST_SITE_ADMIN_MESSAGE).toMatch(/Make another member a site administrator first/);
  });
});

describe('transfer', () => {
  const me = { ...member('ACTIVE', { isSiteAdmin: true }), id: 'a' };
  it.each([
    ['to an active member', { ...member('ACTIVE'), id: 'b' }, true],
    ['to myself', { ...me }, false],
    ['to another admin', { ...member('ACTIVE', { isSiteAdmin: true }), id: 'b' }, false],
    ['to an inactive member', { ...member('INACTIVE'), id: 'b' }, false],
    ['to someone pending review', { ...member('PENDING_REVIEW'), id: 'b' }, false],
    ['to a join request', { ...member('REQUESTED'), id: 'b' }, false],
  ] as const)('%s → allowed %s', (_name, to, ok) => {
    expect(transferDecision(me, to).ok).toBe(ok);
  });

  it('only an active admin can transfer', () => {
    expect(
      transferDecision(
        { ...member('INACTIVE', { isSiteAdmin: true }), id: 'a' },
        { ...member('ACTIVE'), id: 'b' },
      ).ok,
    ).toBe(false);
  });
});

describe('buttons offered per member', () => {
  it.each([
    ['join request', member('REQUESTED'), ['CONFIRM_JOIN', 'DECLINE_JOIN']],
    ['active member', member('ACTIVE'), ['GRANT_ADMIN', 'INACTIVATE']],
    ['active admin', member('ACTIVE', { isSiteAdmin: true }), ['REMOVE_ADMIN', 'INACTIVATE']],
    ['inactive member', member('INACTIVE'), ['REACTIVATE']],
    ['active locum', member('ACTIVE', { isLocum: true }), ['GRANT_ADMIN', 'END_LOCUM']],
    ['inactive locum', member('INACTIVE', { isLocum: true }), ['REACTIVATE', 'END_LOCUM']],
    ['pending review', member('PENDING_REVIEW'), []],
    ['ended', member('ENDED'), []],
    ['declined', member('DECLINED'), []],
  ] as const)('%s → %j', (_name, target, actions) => {
    expect(memberActionsFor(target)).toEqual(actions);
  });
});

describe('worksite states for member actions', () => {
  it.each([
    ['CONFIRM_JOIN', 'ACTIVE', true],
    ['CONFIRM_JOIN', 'SUSPENDED', false],
    ['GRANT_ADMIN', 'INTAKE_SUBMITTED', true],
    ['GRANT_ADMIN', 'CLOSED', false],
    ['INACTIVATE', 'SUSPENDED', true],
    ['INACTIVATE', 'AWAITING_DECLARATION', false],
    ['END_LOCUM', 'DECLINED', false],
  ] as const)('%s while the worksite is %s → %s', (action, status, ok) => {
    expect(siteAdminMay(PERMISSION_FOR[action], 'SITE_ADMIN', status)).toBe(ok);
    expect(siteAdminMay(PERMISSION_FOR[action], 'MEMBER', status)).toBe(false);
  });
});

describe('words', () => {
  it('confirmed memberships wait for the right thing', () => {
    expect(confirmedStatus('INDEPENDENT')).toBe('PENDING_REVIEW');
    expect(confirmedStatus('ON_BEHALF_OF')).toBe('PENDING_SPONSOR');
  });
  it('labels every status', () => {
    const all: MembershipStatus[] = [
      'REQUESTED',
      'INVITED',
      'PENDING_SPONSOR',
      'PENDING_REVIEW',
      'ACTIVE',
      'INACTIVE',
      'ENDED',
      'DECLINED',
    ];
    for (const s of all) expect(membershipStatusLabel(s)).toMatch(/\w/);
  });
});
