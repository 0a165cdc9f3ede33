// The join page and the team's membership queue rendered to HTML with the session and queries
// stubbed, plus the pure rules they rely on (kind from the profession, refusal messages).
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '@/lib/errors';
import type { MembershipQueueRow } from '@/server/memberships/provisioning-queries';
import { joinRefusal, membershipKindFor } from '@/server/memberships/rules';

// A listed membership: the work list's ageing and the page's details.
type Listed = MembershipQueueRow & { waitingSince: Date; ageDays: number; ageTone: 'normal' | 'amber' | 'red'; ageText: string };

const state = vi.hoisted(() => ({
  lookup: null as null | (() => Promise<{ operatingName: string; address: string; worksiteCode: string }[]>),
  queue: [] as Listed[],
}));
vi.mock('@/server/memberships/join-actions', () => ({ requestToJoinAction: vi.fn() }));
vi.mock('@/server/memberships/provisioning-actions', () => ({
  provisionMembershipAction: vi.fn(),
  declineMembershipAction: vi.fn(),
}));
vi.mock('@/server/assignments/actions', () => ({ assignToMeAction: vi.fn(), unassignAction: vi.fn() }));
vi.mock('@/server/authz/viewer', () => ({
  requireViewerPage: async () => ({ id: 'me', displayName: 'Me', staffRoles: ['ENROLMENT_TEAM'], memberships: [] }),
}));
vi.mock('@/server/memberships/join-queries', () => ({
  LOOKUP_LIMIT: 20,
  findWorksites: () => state.lookup!(),
}));
vi.mock('@/server/memberships/provisioning-queries', async () => {
  const NO_AUTH = 'This worksite has no fully enrolled physician, nurse practitioner or registered nurse yet, so on-behalf-of memberships cannot be approved.';
  return {
    membershipListDetails: vi.fn(),
    provisionWarning: (r: MembershipQueueRow) => (r.noAuthorizer ? NO_AUTH : null),
  };
});
vi.mock('@/server/team/queue-queries', () => ({
  domainPage: async () => ({
    rows: state.queue.map((d) => ({ id: d.id, waitingSince: d.waitingSince, ageDays: d.ageDays, ageTone: d.ageTone, ageText: d.ageText, detail: d })),
    nextCursor: null,
  }),
}));
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

const { default: JoinPage } = await import('@/app/(portal)/worksites/join/page');
const { default: QueuePage } = await import('@/app/(admin)/admin/memberships/page');

const renderJoin = async (q?: string) =>
  renderToStaticMarkup(await JoinPage({ searchParams: Promise.resolve(q === undefined ? {} : { q }) }));

describe('join page', () => {
  beforeEach(() => {
    state.lookup = async () => [];
  });

  it('offers both ways in, each under its own heading, with labelled fields', async () => {
    const html = await renderJoin();
    expect(html).toContain('Join with a Worksite ID');
    expect(html).toContain('Find your worksite by address');
    expect(html).toMatch(/<label[^>]*for="worksiteCode"[^>]*>Worksite ID/);
    expect(html).toMatch(/<label[^>]*for="q"[^>]*>Street, city, postal code or worksite name/);
    expect(html).not.toContain('worksites found');
  });

  it('lists results with name, address, Worksite ID and a request button named for the worksite', async () => {
    state.lookup = async () => [
      { operatingName: 'Harbour Clinic', address: '1 Main Street, Victoria, BC V8W 1A1', worksiteCode: 'ABC2DEF' },
    ];
    const html = await renderJoin('main');
    expect(html).toContain('1 worksite found.');
    expect(html).toContain('Harbour Clinic');
    expect(html).toContain('1 Main Street, Victoria, BC V8W 1A1');
    expect(html).toContain('ABC2DEF');
    expect(html).toMatch(/Request to join<span class="sr-only"> Harbour Clinic<\/span>/);
  });

  it('shows the lookup error next to the search field, and an empty state when nothing is found', async () => {
    state.lookup = async () => {
      throw new DomainError('VALIDATION', 'x', { query: 'Enter at least 3 characters' });
    };
    const bad = await renderJoin('ab');
    expect(bad).toContain('Enter at least 3 characters');
    expect(bad).toMatch(/aria-invalid="true"/);
    state.lookup = async () => [];
    expect(await renderJoin('nowhere')).toContain('No worksites found');
  });
});

const row = (over: Partial<Listed>): Listed => ({
  id: over.membershipId ?? '0190a0a0-0000-7000-8000-000000000009',
  membershipId: '0190a0a0-0000-7000-8000-000000000009',
  status: 'PENDING_REVIEW',
  personName: 'Pat Doe',
  profession: 'Physician',
  kind: 'INDEPENDENT',
  kindLabel: 'Independent',
  worksiteName: 'Harbour Clinic',
  worksiteCode: 'ABC2DEF',
  sponsorName: null,
  noAuthorizer: false,
  waitingSince: new Date('2031-03-03T18:00:00Z'),
  ageDays: 6,
  ageTone: 'amber',
  ageText: '6 business days — overdue',
  blockedReason: null,
  assignee: null,
  mayAssign: true,
  ...over,
});

describe('membership queue page', () => {
  it('shows each row with its decisions, the age in words and the worksite ID', async () => {
    state.queue = [row({})];
    const html = renderToStaticMarkup(await QueuePage());
    expect(html).toContain('Memberships waiting for set-up');
    expect(html).toContain('6 business days — overdue');
    expect(html).toContain('ABC2DEF');
    expect(html).toMatch(/Set up access<span class="sr-only"> for Pat Doe at Harbour Clinic/);
    expect(html).toContain('Reason for declining');
  });

  it('names the row on each assignment button, and shows who has it', async () => {
    state.queue = [
      row({}),
      row({ membershipId: '0190a0a0-0000-7000-8000-000000000010', personName: 'Lee Roe', assignee: { id: 'me', name: 'Me' } }),
      row({ membershipId: '0190a0a0-0000-7000-8000-000000000011', personName: 'Kim Poe', assignee: { id: 'other', name: 'Theo Team' }, mayAssign: false }),
    ];
    const html = renderToStaticMarkup(await QueuePage());
    expect(html).toContain('aria-label="Assign to me: Pat Doe at Harbour Clinic"');
    expect(html).toContain('Assigned to you.');
    expect(html).toContain('aria-label="Unassign: Lee Roe at Harbour Clinic"');
    expect(html).toContain('Assigned to Theo Team.');
    expect(html).not.toMatch(/aria-label="[^"]*Kim Poe/); // no button where the viewer may not assign
  });

  it('says why an on-behalf-of membership cannot be set up, and hides decisions the viewer may not take', async () => {
    state.queue = [
      row({ kind: 'ON_BEHALF_OF', kindLabel: 'On behalf of an authorizer', noAuthorizer: true }),
      row({ membershipId: '0190a0a0-0000-7000-8000-00000000000a', blockedReason: 'You cannot decide on a worksite you belong to.' }),
    ];
    const html = renderToStaticMarkup(await QueuePage());
    expect(html).toContain('Sponsor: none yet');
    expect(html).toContain('has no fully enrolled physician, nurse practitioner or registered nurse yet');
    expect(html).toContain('You cannot decide on a worksite you belong to.');
    expect(html.match(/Set up access/g)).toBeNull();
  });

  it('has an empty state', async () => {
    state.queue = [];
    expect(renderToStaticMarkup(await QueuePage())).toContain('No memberships are waiting');
  });
});

describe('join rules', () => {
  it('derives the kind from the policy table; no submitted enrolment joins as independent', () => {
    expect(membershipKindFor(null)).toBe('INDEPENDENT');
    expect(membershipKindFor({ profession: null, status: 'SUBMITTED' })).toBe('INDEPENDENT');
    expect(membershipKindFor({ profession: 'MEDICAL_OFFICE_ASSISTANT', status: 'DRAFT' })).toBe('INDEPENDENT');
    expect(membershipKindFor({ profession: 'MEDICAL_OFFICE_ASSISTANT', status: 'SUBMITTED' })).toBe('ON_BEHALF_OF');
    expect(membershipKindFor({ profession: 'RESIDENT_PHYSICIAN', status: 'APPROVED' })).toBe('ON_BEHALF_OF');
    expect(membershipKindFor({ profession: 'PHYSICIAN', status: 'IN_REVIEW' })).toBe('INDEPENDENT');
  });

  it('lets a person ask (again) only when they have no live membership there', () => {
    expect(joinRefusal(null)).toBeNull();
    expect(joinRefusal('ENDED')).toBeNull();
    expect(joinRefusal('DECLINED')).toBeNull();
    expect(joinRefusal('ACTIVE')).toBe('You are already a member of this worksite.');
    expect(joinRefusal('REQUESTED')).toBe('Your request is waiting for a site administrator.');
    for (const s of ['INACTIVE', 'INVITED', 'PENDING_SPONSOR', 'PENDING_REVIEW'] as const) expect(joinRefusal(s)).toBeTruthy();
  });
});
