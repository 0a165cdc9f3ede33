import { describe, expect, it } from 'vitest';
import { WorksiteStatus, type MembershipStatus, type PersonStatus } from '@/generated/prisma/enums';
import {
  isActiveSiteAdmin,
  lastSiteAdminQuestion,
  SITE_ADMIN_REQUIRED,
  worksitesLeftWithoutSiteAdmin,
  type SiteAdminSeat,
  type WorksiteSeats,
} from '@/server/people/site-admin-rules';

const seat = (personId: string, over: Partial<SiteAdminSeat> = {}): SiteAdminSeat => ({
  personId,
  isSiteAdmin: true,
  status: 'ACTIVE',
  personStatus: 'ACTIVE',
  ...over,
});
const site = (id: string, seats: SiteAdminSeat[], status: WorksiteSeats['status'] = 'ACTIVE'): WorksiteSeats => ({
  id,
  worksiteCode: `W${id.toUpperCase()}23456`.slice(0, 7),
  operatingName: `Clinic ${id}`,
  status,
  seats,
});

describe('who counts as an active site admin', () => {
  const cases: [boolean, MembershipStatus, PersonStatus, boolean][] = [
    [true, 'ACTIVE', 'ACTIVE', true],
    // A suspended or inactive person keeps their membership row, role and all.
    [true, 'ACTIVE', 'SUSPENDED', false],
    [true, 'ACTIVE', 'INACTIVE', false],
    [true, 'INACTIVE', 'ACTIVE', false],
    [true, 'ENDED', 'ACTIVE', false],
    [false, 'ACTIVE', 'ACTIVE', false],
  ];
  it.each(cases)('role %s, membership %s, person %s → %s', (isSiteAdmin, status, personStatus, expected) => {
    expect(isActiveSiteAdmin({ personId: 'p', isSiteAdmin, status, personStatus })).toBe(expected);
  });
});

describe('worksites that must keep an active site admin', () => {
  it('are all but the closed and declined ones, as the database trigger guards', () => {
    expect([...SITE_ADMIN_REQUIRED].sort()).toEqual(
      Object.values(WorksiteStatus)
        .filter((s) => s !== 'CLOSED' && s !== 'DECLINED')
        .sort(),
    );
  });
});

describe('worksites left without an active site admin by one person', () => {
  it('lists a worksite where the person is the only active site admin', () => {
    expect(worksitesLeftWithoutSiteAdmin('a', [site('x', [seat('a')])])).toEqual([{ id: 'x', worksiteCode: 'WX23456', operatingName: 'Clinic x' }]);
  });

  it('skips a worksite with another active site admin', () => {
    expect(worksitesLeftWithoutSiteAdmin('a', [site('x', [seat('a'), seat('b')])])).toEqual([]);
  });

  it('counts a co-admin who is suspended, inactive or not active there as no admin', () => {
    const others = [seat('b', { personStatus: 'SUSPENDED' }), seat('c', { personStatus: 'INACTIVE' }), seat('d', { status: 'INACTIVE' })];
    expect(worksitesLeftWithoutSiteAdmin('a', [site('x', [seat('a'), ...others])]).map((w) => w.id)).toEqual(['x']);
  });

  it('ignores closed and declined worksites, and worksites the person does not actively administer', () => {
    expect(
      worksitesLeftWithoutSiteAdmin('a', [
        site('c', [seat('a')], 'CLOSED'),
        site('d', [seat('a')], 'DECLINED'),
        site('e', [seat('a', { status: 'INACTIVE' })]),
        site('f', [seat('a', { isSiteAdmin: false })]),
      ]),
    ).toEqual([]);
  });

  it('covers worksites still in registration and suspended ones', () => {
    const statuses: WorksiteSeats['status'][] = ['INTAKE_SUBMITTED', 'AWAITING_DECLARATION', 'CHANGES_REQUESTED', 'SUSPENDED'];
    const found = worksitesLeftWithoutSiteAdmin('a', statuses.map((s, i) => site(String(i), [seat('a')], s)));
    expect(found).toHaveLength(statuses.length);
  });
});

describe('the question before suspending the last site admin', () => {
  const w = (name: string, code: string) => ({ id: code, worksiteCode: code, operatingName: name });

  it('names the person, the worksite and its Worksite ID', () => {
    expect(lastSiteAdminQuestion('Maya Manager', [w('Harbour Medical', 'HMA2345')])).toBe(
      'Maya Manager is the only site administrator of Harbour Medical (HMA2345); after suspension nobody can administer it. Suspend anyway?',
    );
  });

  it('lists every worksite', () => {
    expect(lastSiteAdminQuestion('Maya Manager', [w('A', 'AAA2345'), w('B', 'BBB2345')])).toBe(
      'Maya Manager is the only site administrator of A (AAA2345) and B (BBB2345); after suspension nobody can administer them. Suspend anyway?',
    );
    expect(lastSiteAdminQuestion('Maya Manager', [w('A', 'AAA2345'), w('B', 'BBB2345'), w('C', 'CCC2345')])).toContain(
      'of A (AAA2345), B (BBB2345) and C (CCC2345);',
    );
  });
});
