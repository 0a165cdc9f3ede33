import 'server-only';
import type { MembershipStatus, StaffRoleKind } from '@/generated/prisma/client';

// The one policy table: who may read or do what, and on which records (SPEC §2, §9, §10).
// Queries, actions, pages, route handlers and the tests all ask this table; a rule change is one
// line here. Pure: no I/O, no clock.

/**
 * Who the caller is *in relation to the record*:
 * - PERSON: anyone signed in;
 * - AFFILIATE / MEMBER / SITE_ADMIN: their membership at the record's worksite — any that has
 *   not ended or been declined / an active one / an active site admin's (each includes the next);
 * - the staff roles, held globally.
 */
export const POLICY_ROLES = ['PERSON', 'AFFILIATE', 'MEMBER', 'SITE_ADMIN', 'ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];
export const STAFF_POLICY_ROLES = ['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'] as const satisfies readonly StaffRoleKind[];

/** own: the caller's own record; ownWorksite: a record of a worksite they belong to; any: every record. */
export type Scope = 'own' | 'ownWorksite' | 'any';
export const SCOPES: readonly Scope[] = ['own', 'ownWorksite', 'any'];

type Grants = Partial<Record<PolicyRole, Scope>>;
const STAFF: Grants = { ENROLMENT_TEAM: 'any', AUDITOR: 'any', STAFF_ADMIN: 'any' };
const TEAM: Grants = { ENROLMENT_TEAM: 'any' };
const TEAM_OR_AUDITOR: Grants = { ENROLMENT_TEAM: 'any', AUDITOR: 'any' };
const OVERSIGHT: Grants = { AUDITOR: 'any', STAFF_ADMIN: 'any' };
const ADMIN: Grants = { STAFF_ADMIN: 'any' };

export const POLICY = {
  // ── A person's own records (dashboard, enrolment form, agreement, sponsorships…): these reads
  // take the viewer and no other person's id, so the scope is in their signature ──
  'self.read': { PERSON: 'own' },
  'invitation.accept': { PERSON: 'any' }, // an emailed link is the credential: whoever signs in with it

  // ── A worksite, for the people who belong to it ──
  'worksite.read': { AFFILIATE: 'ownWorksite' }, // its page, their own role, PharmaNet, remote access, sponsor
  'worksite.members.read': { MEMBER: 'ownWorksite' }, // colleagues' names and roles
  'worksite.admin.read': { SITE_ADMIN: 'ownWorksite' }, // invitations, join requests, settings, declaration
  'worksite.file.read': { SITE_ADMIN: 'ownWorksite', ...STAFF }, // the antivirus screenshot

  // ── The enrolment team area (every read of a person's details is audited) ──
  'team.area': STAFF,
  'team.queue.read': STAFF, // dashboard counts, every queue and the work list
  'team.search': STAFF,
  'team.person.read': STAFF,
  'team.enrolment.read': STAFF,
  'team.worksite.read': STAFF,
  'team.export': STAFF,
  'worksite.decide': TEAM, // accept, ask for changes, decline, approve the declaration, close
  'worksite.suspend': TEAM_OR_AUDITOR, // and reinstate
  'enrolment.decide': TEAM,
  'enrolment.suspend': TEAM_OR_AUDITOR,
  'professionChange.decide': TEAM,
  'membership.provision': TEAM,
  'pharmanet.decide': TEAM,
  'remoteAccess.decide': TEAM,
  'course.record': TEAM,
  'team.assign': TEAM, // and unassign
  'team.note': TEAM,
  'email.resend': TEAM,
  'person.suspend': TEAM_OR_AUDITOR, // and reinstate
  'viewerAccount.unlock': TEAM,
  'agreement.read': STAFF, // versions of the HPCAA and the declaration, with acceptance counts
  'agreement.publish': TEAM, // a new version (immutable once published)

  // ── Oversight and administration ──
  'audit.read': OVERSIGHT,
  'audit.verify': OVERSIGHT,
  'apiKeys.read': OVERSIGHT, // names, prefixes, creators and last use; never the key or its hash
  'apiKeys.manage': ADMIN,
  'staff.read': ADMIN,
  'staff.manage': ADMIN,
} as const satisfies Record<string, Grants>;

export type Capability = keyof typeof POLICY;
export const CAPABILITIES = Object.keys(POLICY) as Capability[];

const grantsOf = (c: Capability): Grants => POLICY[c];

/** The staff roles that hold a capability (for every record). */
export function staffRolesFor(c: Capability): StaffRoleKind[] {
  return STAFF_POLICY_ROLES.filter((r) => grantsOf(c)[r] === 'any');
}

/** True when only staff hold the capability: refusing it says nothing about any record. */
export function staffOnly(c: Capability): boolean {
  return Object.keys(grantsOf(c)).every((r) => (STAFF_POLICY_ROLES as readonly string[]).includes(r));
}

// ───────────────────────── Deciding ─────────────────────────

/** What the table needs to know about the caller: loaded once per request (see viewer.ts). */
export type Subject = {
  id: string;
  staffRoles: readonly StaffRoleKind[];
  memberships?: readonly { worksiteId: string; status: MembershipStatus; isSiteAdmin: boolean }[];
};
/** The record asked about: whose it is, and which worksite it belongs to. */
export type Target = { personId?: string; worksiteId?: string };

// A membership that has ended or was declined no longer connects anyone to a worksite.
const PAST: readonly MembershipStatus[] = ['ENDED', 'DECLINED'];

/** The caller's relation to a worksite, strongest first. */
export function worksiteRelation(s: Subject, worksiteId: string): 'SITE_ADMIN' | 'MEMBER' | 'AFFILIATE' | null {
  const m = s.memberships?.find((x) => x.worksiteId === worksiteId);
  if (!m || PAST.includes(m.status)) return null;
  if (m.status !== 'ACTIVE') return 'AFFILIATE';
  return m.isSiteAdmin ? 'SITE_ADMIN' : 'MEMBER';
}

const RELATION_RANK = { AFFILIATE: 1, MEMBER: 2, SITE_ADMIN: 3 } as const;

function holds(s: Subject, role: PolicyRole, scope: Scope, t: Target): boolean {
  switch (role) {
    case 'PERSON':
      return scope === 'any' || (scope === 'own' && t.personId === s.id);
    case 'AFFILIATE':
    case 'MEMBER':
    case 'SITE_ADMIN': {
      if (scope !== 'ownWorksite' || !t.worksiteId) return false;
      const rel = worksiteRelation(s, t.worksiteId);
      return rel !== null && RELATION_RANK[rel] >= RELATION_RANK[role];
    }
    default:
      return scope === 'any' && s.staffRoles.includes(role);
  }
}

/** May this caller use the capability on this record (or at all, when no record is named)? */
export function can(s: Subject | null, c: Capability, t: Target = {}): boolean {
  if (!s) return false;
  return Object.entries(grantsOf(c)).some(([role, scope]) => holds(s, role as PolicyRole, scope, t));
}

const STAFF_LABEL: Record<StaffRoleKind, string> = {
  ENROLMENT_TEAM: 'the enrolment team',
  AUDITOR: 'an auditor',
  STAFF_ADMIN: 'a staff administrator',
};

/**
 * How a refusal is answered. Staff-only capabilities say so (FORBIDDEN: no record is revealed,
 * the role decides). Anything reached through ownership answers like a missing record
 * (NOT_FOUND), so a forged id gets the same answer as a real one that is someone else's.
 */
export function refusal(s: Subject, c: Capability): { code: 'FORBIDDEN' | 'NOT_FOUND'; message: string } {
  if (!staffOnly(c)) return { code: 'NOT_FOUND', message: 'We could not find that.' };
  if (s.staffRoles.length === 0) return { code: 'FORBIDDEN', message: 'This is only available to the enrolment team.' };
  const who = staffRolesFor(c).map((r) => STAFF_LABEL[r]);
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who.at(-1)}` : who[0];
  return { code: 'FORBIDDEN', message: `Only ${list} can do this.` };
}
