// The members page's locum label: "Locum until" while it counts, "Locum ended" from the first
// Pacific minute after the last day, or from the day a site admin ended it early.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { MembersPage, MemberRow } from '@/server/memberships/queries';
import { TRAPS } from '../support/clock';

const page = vi.hoisted(() => ({ current: null as MembersPage | null }));
vi.mock('@/server/invitations/actions', () => ({
  inviteByEmailAction: vi.fn(),
  resendInvitationAction: vi.fn(),
  revokeInvitationAction: vi.fn(),
}));
vi.mock('@/server/memberships/actions', () => ({
  confirmJoinRequestAction: vi.fn(),
  declineJoinRequestAction: vi.fn(),
  endLocumAction: vi.fn(),
  grantSiteAdminAction: vi.fn(),
  inactivateMemberAction: vi.fn(),
  reactivateMemberAction: vi.fn(),
  removeSiteAdminAction: vi.fn(),
  transferSiteAdminAction: vi.fn(),
}));
vi.mock('@/server/sponsorships/actions', () => ({ setLocumAction: vi.fn() }));
vi.mock('@/server/authz', () => ({ requireViewerPage: async () => ({ id: 'me', staffRoles: [], memberships: [] }) }));
vi.mock('@/server/memberships/queries', () => ({ membersPage: async () => page.current }));
vi.mock('next/navigation', () => ({ notFound: () => { throw new Error('NEXT_NOT_FOUND'); }, useRouter: () => ({ refresh: () => {} }) }));

const { locumLabel } = await import('@/app/(portal)/worksites/[id]/members/locum-label');
const { default: MembersPageView } = await import('@/app/(portal)/worksites/[id]/members/page');

const at = (iso: string) => new Date(Date.parse(iso));
const locum = (over: Partial<MemberRow> = {}): MemberRow => ({
  membershipId: '0190a0a0-0000-7000-8000-000000000002',
  name: 'Lou Locum',
  status: 'ACTIVE',
  statusLabel: 'Active',
  isSiteAdmin: false,
  isLocum: true,
  locumEndDate: '2026-12-31',
  statusChangedAt: at('2026-06-16T09:00:00-07:00'),
  kind: 'INDEPENDENT',
  kindLabel: 'Independent user',
  isSelf: false,
  actions: ['END_LOCUM'],
  ...over,
});

describe('locumLabel', () => {
  it.each([
    ['the day before the last day', TRAPS.ordinaryTuesday, {}, 'Locum until December 31, 2026'],
    ['23:30 Pacific on the last day (already the next year in UTC)', TRAPS.newYearsEve, {}, 'Locum until December 31, 2026'],
    ['00:01 Pacific after the last day', at('2027-01-01T00:01:00-08:00'), {}, 'Locum ended December 31, 2026'],
    ['ended early by the site admin', TRAPS.ordinaryTuesday, { status: 'ENDED' as const }, 'Locum ended June 16, 2026'],
    ['a locum with no end date yet', TRAPS.ordinaryTuesday, { locumEndDate: null }, 'Locum'],
    ['not a locum', TRAPS.ordinaryTuesday, { isLocum: false }, null],
  ])('%s', (_, now, over, expected) => {
    expect(locumLabel(locum(over), now)).toBe(expected);
  });
});

describe('the members page', () => {
  it('shows the label in the role and offers the locum form to the site admin', async () => {
    page.current = {
      worksite: { id: 'w1', operatingName: 'Harbour Clinic', worksiteCode: 'ABC2DEF', status: 'ACTIVE', statusLabel: 'Active' },
      viewerIsSiteAdmin: true,
      can: { invite: true, decideJoinRequests: true, manageAdmins: true, manageMembers: true },
      activeSiteAdmins: 2,
      members: [locum()],
      joinRequests: [],
      invitations: [],
      transferCandidates: [],
    };
    const html = renderToStaticMarkup(
      await MembersPageView({ params: Promise.resolve({ id: 'w1' }), searchParams: Promise.resolve({}) }),
    );
    expect(html).toMatch(/Independent user · Locum (until|ended) December 31, 2026/);
    expect(html).toContain('Change locum dates');
    expect(html).toContain('This person is a locum');
    expect(html).toContain('End locum');
  });
});
