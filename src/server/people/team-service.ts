import 'server-only';
import type { PersonStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { endSessions } from '../auth/session';
import { db, type Tx } from '../db';
import { alreadyDecidedError } from '../decisions';
import { enqueuePersonEmail } from '../email/templates/enrolment-decisions';
import { personReinstatedEmail, personSuspendedEmail } from '../email/templates/person-status';
import { log } from '../log';
import type { RequestContext } from '../request-context';
import { refuseOwnRecord, requireTeamRole, type StaffCaller } from './team-guard';
import { lastSiteAdminQuestion, worksitesLeftWithoutSiteAdmin, type OrphanedWorksite } from './site-admin-rules';
import { personTransition, type PersonEvent } from './team-rules';
import type { PersonStatusDecisionValues, SuspendPersonValues } from './team-schema';

// Suspending and reinstating a person's account. One transaction: lock the person, change the
// status with a guarded update, record the history, end their sessions (suspension), email
// them and audit — all or nothing.

type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that person.');

async function lockPerson(tx: Tx, personId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Person" WHERE id = ${personId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound();
  return tx.person.findUniqueOrThrow({ where: { id: personId } });
}

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

async function decide(staff: StaffCaller, event: PersonEvent, input: SuspendPersonValues, ctx: Ctx) {
  requireTeamRole(staff, event === 'SUSPEND' ? 'suspendPerson' : 'reinstatePerson');
  const reason = input.reason.trim();
  return db().$transaction(async (tx) => {
    const person = await lockPerson(tx, input.personId);
    await refuseOwnRecord(tx, staff.id, { personIds: [person.id], worksiteIds: [] });
    const t = personTransition(person.status, event);
    const target: PersonStatus = event === 'SUSPEND' ? 'SUSPENDED' : 'ACTIVE';
    if (!t.ok) {
      // Already where this decision would put it: someone decided first (or the page is stale).
      // (A person who was never suspended and is "reinstated" is a step out of order instead.)
      const last = await tx.personStatusChange.findFirst({ where: { personId: person.id }, orderBy: { createdAt: 'desc' } });
      if (person.status === target && last?.toStatus === target) {
        throw await alreadyDecidedError(tx, { actorId: last.actorId, at: last.createdAt });
      }
      throw new DomainError('INVALID_TRANSITION', t.reason);
    }
    // A suspended person keeps their memberships, so the trigger that keeps one active site admin
    // per worksite cannot see this: ask before leaving a worksite nobody can administer.
    const orphaned = event === 'SUSPEND' ? await worksitesOnlyAdministeredBy(tx, person.id) : [];
    if (orphaned.length && !input.confirmLastSiteAdmin) throw new LastSiteAdminConfirmation(displayName(person), orphaned);
    const r = await tx.person.updateMany({ where: { id: person.id, status: person.status }, data: { status: t.to } });
    if (r.count !== 1) throw await alreadyDecidedError(tx, { actorId: null, at: null });
    const change = await tx.personStatusChange.create({
      data: { personId: person.id, fromStatus: person.status, toStatus: t.to, reason, actorId: staff.id },
    });
    const sessionsEnded = event === 'SUSPEND' ? await endSessions(tx, person.id, 'SUSPENDED') : 0;
    const to = person.contactEmail ?? person.idpEmail;
    const email = event === 'SUSPEND' ? personSuspendedEmail({ name: displayName(person), reason }) : personReinstatedEmail({ name: displayName(person), reason });
    if (to) {
      await enqueuePersonEmail(tx, { ...email, to, personId: person.id, dedupeKey: `${email.template}:${change.id}` });
    } else {
      log.warn('no email address for a person status notice', { personId: person.id });
    }
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: event === 'SUSPEND' ? 'person.suspended' : 'person.reinstated',
      target: { type: 'PERSON', id: person.id },
      personId: person.id,
      before: { status: person.status },
      after: {
        status: t.to,
        reason,
        sessionsEnded,
        emailed: Boolean(to),
        ...(orphaned.length ? { worksitesLeftWithoutSiteAdmin: orphaned.map((w) => w.worksiteCode) } : {}),
      },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { status: t.to, sessionsEnded };
  });
}

export const suspendPerson = (staff: StaffCaller, input: SuspendPersonValues, ctx: Ctx) => decide(staff, 'SUSPEND', input, ctx);
export const reinstatePerson = (staff: StaffCaller, input: PersonStatusDecisionValues, ctx: Ctx) => decide(staff, 'REINSTATE', input, ctx);
