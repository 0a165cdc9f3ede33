import 'server-only';
import type { PersonStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { displayName, type NameParts } from '@/lib/names';
import type { Tx } from '../db';
import { decide, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
import { personReinstatedEmail, personSuspendedEmail } from '../email/templates/person-status';
import { recipientOf } from '../notify';
import { lastSiteAdminQuestion, worksitesLeftWithoutSiteAdmin, type OrphanedWorksite } from './site-admin-rules';
import { OWN_CONFLICT_MESSAGE, personTransition, type PersonEvent } from './team-rules';
import type { PersonStatusDecisionValues, SuspendPersonValues } from './team-schema';

// Suspending and reinstating a person's account. One transaction: lock the person, change the
// status with a guarded update, record the history, end their sessions (suspension), email
// them and audit — all or nothing.

const NOT_FOUND = 'We could not find that person.';

/** Suspending would leave worksites with no active site admin and the team member has not
 * confirmed it; nothing was written. The action answers LAST_SITE_ADMIN_CONFIRM. */
export class LastSiteAdminConfirmation extends DomainError {
  constructor(
    personName: string,
    readonly worksites: OrphanedWorksite[],
  ) {
    super('CONFLICT', lastSiteAdminQuestion(personName, worksites));
  }
}

/**
 * The worksites this person is the only active site admin of. Their worksite rows are locked
 * first (id order), as the membership trigger does, so two team members suspending two co-admins
 * at once queue up and the second counts after the first has committed.
 */
async function worksitesOnlyAdministeredBy(tx: Tx, personId: string): Promise<OrphanedWorksite[]> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT w.id FROM "Worksite" w JOIN "Membership" m ON m."worksiteId" = w.id
     WHERE m."personId" = ${personId}::uuid AND m."isSiteAdmin" AND m.status = 'ACTIVE'
     ORDER BY w.id FOR UPDATE OF w`;
  if (locked.length === 0) return [];
  const worksites = await tx.worksite.findMany({
    where: { id: { in: locked.map((r) => r.id) } },
    select: {
      id: true,
      worksiteCode: true,
      operatingName: true,
      status: true,
      memberships: {
        where: { isSiteAdmin: true, status: 'ACTIVE' },
        select: { personId: true, isSiteAdmin: true, status: true, person: { select: { status: true } } },
      },
    },
    orderBy: { operatingName: 'asc' },
  });
  return worksitesLeftWithoutSiteAdmin(
    personId,
    worksites.map(({ memberships, ...w }) => ({ ...w, seats: memberships.map(({ person, ...m }) => ({ ...m, personStatus: person.status })) })),
  );
}

type LockedPerson = NameParts & {
  id: string;
  status: PersonStatus;
  contactEmail: string | null;
  idpEmail: string | null;
  /** Sessions not yet ended, locked too: a sign-out meanwhile waits and then finds it ended. */
  openSessions: string[];
};

/** The person locked and read with their open sessions, in one statement. */
async function lockPerson(tx: Tx, personId: string): Promise<LockedPerson> {
  if (!isUuid(personId)) throw new DomainError('NOT_FOUND', NOT_FOUND);
  const [p] = await tx.$queryRaw<LockedPerson[]>`
    SELECT p.id, p.status::text AS status, p."legalGivenName", p."legalFamilyName", p."preferredGivenName",
           p."preferredFamilyName", p."contactEmail", p."idpEmail",
           (SELECT coalesce(array_agg(x.id::text), '{}') FROM (
              SELECT s.id FROM "Session" s WHERE s."personId" = p.id AND s."endedAt" IS NULL FOR UPDATE OF s) x) AS "openSessions"
    FROM "Person" p WHERE p.id = ${personId}::uuid FOR UPDATE OF p`;
  if (!p) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return p;
}

function personDecision(staff: StaffCaller, event: PersonEvent, input: SuspendPersonValues, ctx: Ctx) {
  const target: PersonStatus = event === 'SUSPEND' ? 'SUSPENDED' : 'ACTIVE';
  const sessionsEnded = (p: LockedPerson) => (event === 'SUSPEND' ? p.openSessions.length : 0);
  const orphaned: OrphanedWorksite[] = [];
  return decide(
    staff,
    {
      capability: 'person.suspend',
      reason: { value: input.reason, requiredFor: 'the person' },
      load: (tx) => lockPerson(tx, input.personId),
      parties: (p) => ({ personId: p.id }),
      conflict: { ownRecord: OWN_CONFLICT_MESSAGE.OWN_RECORD },
      status: (p) => p.status,
      // Already where this decision would put it: someone decided first (or the page is stale).
      transition: (p) => (p.status === target ? null : personTransition(p.status, event)),
      async lastDecision(tx, p) {
        const last = await tx.personStatusChange.findFirst({ where: { personId: p.id }, orderBy: { createdAt: 'desc' } });
        // A person who was never suspended and is "reinstated" is a step out of order instead.
        if (last?.toStatus !== target) {
          const t = personTransition(p.status, event);
          if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
        }
        return { actorId: last?.actorId ?? null, at: last?.createdAt ?? null };
      },
      // A suspended person keeps their memberships, so the trigger that keeps one active site admin
      // per worksite cannot see this: ask before leaving a worksite nobody can administer.
      async check(tx, p) {
        if (event !== 'SUSPEND') return;
        orphaned.push(...(await worksitesOnlyAdministeredBy(tx, p.id)));
        if (orphaned.length && !input.confirmLastSiteAdmin) throw new LastSiteAdminConfirmation(displayName(p), orphaned);
      },
      update: (p, to) => ({ table: 'Person', id: p.id, status: p.status, set: { status: to } }),
      history: (p, to, { reason, actorId }) => ({ table: 'PersonStatusChange', data: { personId: p.id, fromStatus: p.status, toStatus: to, reason, actorId } }),
      // Suspension ends every open session (read and locked with the person) in the same write.
      rows: ({ record: p, now }) =>
        event === 'SUSPEND'
          ? p.openSessions.map((id) => ({ table: 'Session', updateId: id, data: { endedAt: now, endedReason: 'SUSPENDED' } }))
          : [],
      notify({ record: p, reason, historyId }) {
        const email = event === 'SUSPEND' ? personSuspendedEmail({ name: displayName(p), reason: reason! }) : personReinstatedEmail({ name: displayName(p), reason: reason! });
        return [{ to: recipientOf(p), email, dedupeKey: `${email.template}:${historyId}` }];
      },
      audit: ({ record: p, from, to, reason }, emailed) => ({
        action: event === 'SUSPEND' ? 'person.suspended' : 'person.reinstated',
        target: { type: 'PERSON', id: p.id },
        personId: p.id,
        before: { status: from },
        after: {
          status: to,
          reason,
          sessionsEnded: sessionsEnded(p),
          emailed: emailed > 0,
          ...(orphaned.length ? { worksitesLeftWithoutSiteAdmin: orphaned.map((w) => w.worksiteCode) } : {}),
        },
      }),
    },
    ctx,
  );
}

async function decidePerson(staff: StaffCaller, event: PersonEvent, input: SuspendPersonValues, ctx: Ctx) {
  const d = await personDecision(staff, event, input, ctx);
  return { status: d.to, from: d.from, at: d.now, reason: d.reason, sessionsEnded: event === 'SUSPEND' ? d.record.openSessions.length : 0 };
}

export const suspendPerson = (staff: StaffCaller, input: SuspendPersonValues, ctx: Ctx) => decidePerson(staff, 'SUSPEND', input, ctx);
export const reinstatePerson = (staff: StaffCaller, input: PersonStatusDecisionValues, ctx: Ctx) => decidePerson(staff, 'REINSTATE', input, ctx);
