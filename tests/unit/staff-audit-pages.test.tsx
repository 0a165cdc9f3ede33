// The staff and audit pages rendered to HTML with the session and queries stubbed: who sees
// what, the labelled filters and the next-page link that keeps the filters.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRow } from '@/server/audit-viewer/queries';

const me = vi.hoisted(() => ({ roles: [] as string[], viewed: [] as unknown[] }));
vi.mock('@/server/auth/session', () => ({
  requireUserPage: async () => ({ id: 'me', displayName: 'Me', staffRoles: me.roles }),
}));
vi.mock('@/server/authz/viewer', () => ({
  requireViewerPage: async () => ({ id: 'me', displayName: 'Me', staffRoles: me.roles, memberships: [] }),
}));
vi.mock('@/server/staff/actions', () => ({ grantStaffRoleAction: vi.fn(), revokeStaffRoleAction: vi.fn() }));
vi.mock('@/server/staff/invitation-actions', () => ({ inviteStaffAction: vi.fn(), revokeStaffInvitationAction: vi.fn() }));
vi.mock('@/server/staff/invitation-queries', () => ({
  listOpenStaffInvitations: async () => [
    {
      id: 'i1',
      email: 'new.colleague@example.com',
      role: 'ENROLMENT_TEAM',
      roleLabel: 'Enrolment team',
      state: 'PENDING',
      stateLabel: 'Waiting for a reply',
      expiresAt: new Date('2026-01-22T20:00:00Z'),
      sentAt: new Date('2026-01-15T20:00:00Z'),
      invitedByName: 'Ada Admin',
    },
  ],
  findStaffRoleCandidates: async (_v: unknown, q: string) =>
    q ? [{ personId: 'p2', name: 'Bo Builder', legalName: 'Bo Builder', idpEmail: 'bo@card.example', identities: [{ issuer: 'https://idp.example', subject: 'sub-bo-1' }], roles: [], active: true }] : [],
}));
vi.mock('@/server/audit-viewer/actions', () => ({ verifyAuditChainAction: vi.fn() }));
vi.mock('@/server/request-context', () => ({ requestContext: async () => ({ requestId: 'r1', ip: null, userAgent: null }) }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn() }) }));
vi.mock('@/server/staff/queries', () => ({
  listStaff: async () => [
    {
      personId: 'p1',
      name: 'Ada Admin',
      email: 'ada@example.com',
      roles: [{ role: 'STAFF_ADMIN', grantedAt: new Date('2026-01-15T20:00:00Z'), grantedByName: null }],
    },
  ],
}));
const row: AuditRow = {
  id: '77',
  seq: '41',
  occurredAt: new Date('2026-01-15T20:05:00Z'),
  actorType: 'STAFF',
  actorId: 'a1',
  actorName: 'Ada Admin',
  actorLabel: null,
  action: 'staff.role_granted',
  targetType: 'STAFF_ROLE',
  targetId: 't1',
  worksiteId: null,
  worksiteCode: null,
  personId: null,
  requestId: 'req-abc',
};
vi.mock('@/server/audit-viewer/queries', () => ({
  searchAudit: async () => ({ rows: [row, { ...row, id: '78', seq: null }], nextCursor: '77' }),
  auditSealStatus: async () => ({
    checkpoint: { seq: '41', headHash: 'ab12cd34ef56'.padEnd(64, '0'), signedAt: new Date('2026-01-15T20:06:00Z'), keyId: '0123456789abcdef' },
    oldestUnsealedSeconds: 3,
  }),
  recordAuditView: async (_v: unknown, f: unknown) => void me.viewed.push(f),
}));

const { default: StaffPage } = await import('@/app/(admin)/admin/staff/page');
const { default: AuditPage } = await import('@/app/(admin)/admin/audit/page');
const render = async (el: Promise<React.ReactElement | null>) => renderToStaticMarkup(await el);

beforeEach(() => {
  me.viewed = [];
});

describe('staff page', () => {
  it('shows staff admins the roles, who granted them, the grant form and revoke buttons', async () => {
    me.roles = ['STAFF_ADMIN'];
    const html = await render(StaffPage());
    expect(html).toContain('Ada Admin');
    expect(html).toContain('Granted 2026-01-15 12:00 Pacific time by the command line');
    expect(html).toMatch(/<label[^>]*>Email address to send the invitation to/);
    expect(html).toMatch(/<label[^>]*>Role/);
    expect(html).toContain('Revoke…');
    // Invitations still open, each with a way to withdraw it.
    expect(html).toContain('new.colleague@example.com');
    expect(html).toContain('Revoke<span class="sr-only"> the invitation to new.colleague@example.com');
    expect(html).toMatch(/<label[^>]*>Name, sign-in email or subject/);
  });

  it('lists people found by the search with the identity they sign in with, never a contact email', async () => {
    me.roles = ['STAFF_ADMIN'];
    const html = await render(StaffPage({ searchParams: Promise.resolve({ q: 'Bo' }) }));
    expect(html).toContain('Bo Builder');
    expect(html).toContain('bo@card.example');
    expect(html).toContain('sub-bo-1');
    expect(html).toContain('Grant role<span class="sr-only"> to Bo Builder');
  });

  it('shows others only an explanation', async () => {
    me.roles = ['AUDITOR'];
    const html = await render(StaffPage());
    expect(html).toContain('Only staff administrators manage staff roles');
    expect(html).not.toContain('Ada Admin');
  });
});

describe('audit page', () => {
  it('lists events in Pacific time with labelled filters, audits the view and links the next page', async () => {
    me.roles = ['AUDITOR'];
    const html = await render(AuditPage({ searchParams: Promise.resolve({ action: 'staff.' }) }));
    expect(html).toContain('2026-01-15 12:05');
    expect(html).toContain('req-abc');
    for (const label of ['Actor id', 'Action', 'Worksite record id', 'Person id', 'From (YYYY-MM-DD)', 'To (YYYY-MM-DD)'])
      expect(html).toMatch(new RegExp(`<label[^>]*>${label.replace(/[()]/g, '\\$&')}`));
    expect(html).toContain('Verify the audit chain');
    expect(html).toContain('#41');
    expect(html).toContain('Waiting to be sealed');
    expect(html).toMatch(/Sequence number<\/dt><dd>41<\/dd>/);
    expect(html).toContain('ab12cd34ef56…');
    expect(html).toContain('2026-01-15 12:06 Pacific time');
    expect(html).toContain('0123456789abcdef');
    expect(html).toContain('The oldest unsealed event has waited 3 s');
    expect(html).toContain('href="/admin/audit?action=staff.&amp;cursor=77"');
    expect(me.viewed).toEqual([{ action: 'staff.' }]);
  });

  it('refuses the enrolment team without recording a view', async () => {
    me.roles = ['ENROLMENT_TEAM'];
    const html = await render(AuditPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain('Only auditors and staff administrators read the audit log');
    expect(me.viewed).toEqual([]);
  });

  it('renders and reads nothing for someone without a staff role (the area explains)', async () => {
    me.roles = [];
    expect(await render(AuditPage({ searchParams: Promise.resolve({}) }))).toBe('');
    expect(me.viewed).toEqual([]);
  });
});
