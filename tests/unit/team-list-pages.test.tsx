// The team dashboard, work list and search pages rendered to HTML with the session and queries
// stubbed: labelled GET filters, links to each record, paging and export links that keep the filter.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueItem } from '@/server/team/queue-queries';
import { now } from '../support/clock';

const state = vi.hoisted(() => ({ roles: ['ENROLMENT_TEAM'] as string[], calls: [] as unknown[] }));
vi.mock('@/server/authz/viewer', () => ({
  requireViewerPage: async () => ({ id: 'me', displayName: 'Me', staffRoles: state.roles, memberships: [] }),
}));
vi.mock('next/navigation', () => ({
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
}));
const item: QueueItem = {
  type: 'enrolment',
  typeLabel: 'Enrolment',
  id: '0193a3c4-1111-7aaa-8bbb-123456789abc',
  status: 'IN_REVIEW',
  statusLabel: 'In review',
  waitingSince: new Date('2026-11-20T18:00:00Z'),
  ageDays: 8,
  ageTone: 'red',
  ageText: '8 business days — long overdue',
  subject: 'Nadia Practitioner',
  personName: 'Nadia Practitioner',
  worksiteName: null,
  worksiteCode: null,
  assigneeName: null,
  assignedToMe: false,
  href: '/admin/enrolments/0193a3c4-1111-7aaa-8bbb-123456789abc',
};
vi.mock('@/server/team/queue-queries', () => ({
  queuePage: async (_me: unknown, f: unknown) => {
    state.calls.push(f);
    return { rows: [item], nextCursor: 'CURSOR1' };
  },
}));
vi.mock('@/server/team/search-queries', () => ({
  search: async (_me: unknown, input: { kind: string }) => {
    state.calls.push(input);
    return {
      kind: 'people',
      rows: [{ id: 'p1', name: 'Janie Smithers', legalName: 'Jane Smithers', email: 'jane@example.com', signInEmail: null, status: 'Active', profession: 'Physician', licence: 'CPSBC 12345', enrolmentStatus: 'Approved', href: '/admin/people/p1' }],
      nextCursor: null,
    };
  },
}));
vi.mock('@/server/team/dashboard-queries', () => ({
  dashboardCounts: async () => ({
    queues: [
      { type: 'intake', label: 'Worksite registration', count: 3, oldestAt: now(), oldestDays: 9, oldestTone: 'red' },
      { type: 'membership', label: 'Membership', count: 0, oldestAt: null, oldestDays: null, oldestTone: 'normal' },
    ],
    assignedToMe: { count: 2, oldestAt: now(), oldestDays: 6, oldestTone: 'amber' },
  }),
}));

vi.mock('@/server/team/no-site-admin-queries', () => ({
  noSiteAdminCount: async () => ({ count: 1, oldestAt: now(), oldestDays: 2, oldestTone: 'normal' }),
}));

const { default: QueuePage } = await import('@/app/(admin)/admin/queue/page');
const { default: SearchPage } = await import('@/app/(admin)/admin/search/page');
const { default: Dashboard } = await import('@/app/(admin)/admin/page');
const sp = (q: Record<string, string>) => Promise.resolve(q);
const render = async (el: Promise<React.ReactElement | null>) => renderToStaticMarkup((await el)!);

beforeEach(() => {
  state.roles = ['ENROLMENT_TEAM'];
  state.calls = [];
});

describe('dashboard', () => {
  it('links each count to the work list filtered to it, with the oldest age in words', async () => {
    const html = await render(Dashboard());
    expect(html).toContain('href="/admin/queue?type=intake"');
    expect(html).toContain('Worksite registrations: 3');
    expect(html).toContain('9 business days — long overdue');
    expect(html).toContain('Memberships to set up: 0');
    expect(html).toContain('href="/admin/queue?assignee=me"');
    expect(html).toContain('Items assigned to you: 2');
    // A queue of its own, computed rather than stored (docs/decisions/020).
    expect(html).toContain('href="/admin/worksites/without-site-admin"');
    expect(html).toContain('Worksites with no active site admin: 1');
  });
});

describe('work list', () => {
  it('is a labelled GET form, rows link to the record, paging and export keep the filter', async () => {
    const html = await render(QueuePage({ searchParams: sp({ type: 'enrolment', assignee: 'nobody' }) }));
    const form = html.match(/<form[^>]*>/)![0];
    expect(form).toContain('method="get"');
    expect(form).toContain('action="/admin/queue"');
    for (const label of ['Type', 'Status', 'Assigned to', 'Waiting since, from', 'Waiting since, to', 'Order'])
      expect(html).toMatch(new RegExp(`<label[^>]*>${label}`));
    expect(html).toContain(`href="${item.href}">Nadia Practitioner</a>`);
    expect(html).toContain('8 business days — long overdue');
    // Every column of the row arrives through the packed rows (work-list-rows.ts).
    const row = html.match(/<tr><th scope="row">.*?<\/tr>/)![0];
    const cells = [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    expect(cells).toEqual([
      'Nadia Practitioner Enrolment',
      'Nadia Practitioner',
      '—',
      'In review',
      'Nov 20, 2026, 10:00 a.m. Pacific',
      '8 business days — long overdue',
      'Nobody',
    ]);
    expect(html).toContain('href="/admin/queue?type=enrolment&amp;assignee=nobody&amp;after=CURSOR1"');
    expect(html).toContain('href="/api/admin/export?list=queue&amp;type=enrolment&amp;assignee=nobody"');
    expect(state.calls).toEqual([{ type: 'enrolment', status: 'open', assignee: 'nobody', sort: 'oldest' }]);
  });

  it('shows what is wrong with a filter next to the field and queries nothing', async () => {
    const html = await render(QueuePage({ searchParams: sp({ from: '2026-02-31' }) }));
    expect(html).toContain('Enter a real date');
    expect(html).toMatch(/aria-invalid="true"/);
    expect(html).toContain('Fix the filters to see the list');
    expect(html).not.toContain('/api/admin/export');
    expect(state.calls).toEqual([]);
  });

  it('renders and reads nothing for someone without a staff role (the area explains)', async () => {
    state.roles = [];
    expect(await QueuePage({ searchParams: sp({}) })).toBeNull();
    expect(await SearchPage({ searchParams: sp({ q: 'x' }) })).toBeNull();
    expect(await Dashboard()).toBeNull();
    expect(state.calls).toEqual([]);
  });
});

describe('search', () => {
  it('links people to their page and exports the same search', async () => {
    const html = await render(SearchPage({ searchParams: sp({ q: 'jan', kind: 'people' }) }));
    expect(html).toMatch(/<label[^>]*>Look for/);
    expect(html).toMatch(/<label[^>]*>Name, email, licence number or Worksite ID/);
    expect(html).toContain('href="/admin/people/p1"');
    expect(html).toContain('Legal name: Jane Smithers');
    expect(html).toContain('href="/api/admin/export?list=search&amp;kind=people&amp;q=jan"');
  });

  it('searches nothing until there is a term', async () => {
    await render(SearchPage({ searchParams: sp({}) }));
    expect(state.calls).toEqual([]);
  });
});
