import 'server-only';
import type { PersonStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { endSessions } from '../auth/session';
import type { Tx } from '../db';
import { decide, lockById, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
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

function personDecision(staff: StaffCaller, event: PersonEvent, input: SuspendPersonValues, ctx: Ctx) {
  const target: PersonStatus = event === 'SUSPEND' ? 'SUSPENDED' : 'ACTIVE';
  const orphaned: OrphanedWorksite[] = [];
  return decide(
    staff,
    {
      capability: 'person.suspend',
      reason: { value: input.reason, requiredFor: 'the person' },
      async load(tx) {
        await lockById(tx, 'Person', input.personId, NOT_FOUND);
        return tx.person.findUniqueOrThrow({ where: { id: input.personId } });
      },
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
      then: async (tx, { record: p }) => ({ sessionsEnded: await endSessions(tx, p.id, 'SUSPENDED') }),
      // Reinstating ends nothing.
      hasEffects: () => event === 'SUSPEND',
      notify({ record: p, reason, historyId }) {
        const email = event === 'SUSPEND' ? personSuspendedEmail({ name: displayName(p), reason: reason! }) : personReinstatedEmail({ name: displayName(p), reason: reason! });
        return [{ to: recipientOf(p), email, dedupeKey: `${email.template}:${historyId}` }];
      },
      audit: ({ record: p, from, to, reason, extra }, emailed) => ({
        action: event === 'SUSPEND' ? 'person.suspended' : 'person.reinstated',
        target: { type: 'PERSON', id: p.id },
        personId: p.id,
        before: { status: from },
        after: {
          status: to,
          reason,
          sessionsEnded: extra.sessionsEnded ?? 0,
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
  return { status: d.to, from: d.from, at: d.now, reason: d.reason, sessionsEnded: d.extra.sessionsEnded ?? 0 };
}

export const suspendPerson = (staff: StaffCaller, input: SuspendPersonValues, ctx: Ctx) => decidePerson(staff, 'SUSPEND', input, ctx);
export const reinstatePerson = (staff: StaffCaller, input: PersonStatusDecisionValues, ctx: Ctx) => decidePerson(staff, 'REINSTATE', input, ctx);
