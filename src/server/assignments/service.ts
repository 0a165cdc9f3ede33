import 'server-only';
import type { RecordType } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { refuseConflictOfInterest, requireDecider, type StaffCaller } from '../decisions';
import { TEAM_CONFLICT_MESSAGES } from '../people/team-rules';
import type { AuditContext as Ctx } from '../request-context';
import { assignmentOutcome, assignmentRefusal, type AssignableKind, type AssignmentOp } from './rules';

// "Assign to me" and "unassign" on every item the team works on. A guarded update
// (where assignedToId = what was read) makes the first of two concurrent claims win.

type Assignable = { assignedToId: string | null; personId: string | null; worksiteId: string | null };
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that item.');

const RECORD_TYPE: Record<AssignableKind, RecordType> = {
  WORKSITE: 'WORKSITE',
  ENROLMENT: 'ENROLMENT',
  MEMBERSHIP: 'MEMBERSHIP',
  PROFESSION_CHANGE_REQUEST: 'PROFESSION_CHANGE_REQUEST',
  REMOTE_ACCESS_REQUEST: 'REMOTE_ACCESS_REQUEST',
  PHARMANET_WORKSITE_REQUEST: 'PHARMANET_REQUEST',
  PHARMANET_USER_REQUEST: 'PHARMANET_REQUEST',
};

const viaMembership = { select: { personId: true, worksiteId: true } } as const;

async function load(tx: Tx, kind: AssignableKind, id: string): Promise<Assignable | null> {
  switch (kind) {
    case 'WORKSITE': {
      const r = await tx.worksite.findUnique({ where: { id }, select: { assignedToId: true } });
      return r && { assignedToId: r.assignedToId, personId: null, worksiteId: id };
    }
    case 'ENROLMENT': {
      const r = await tx.enrolment.findUnique({ where: { id }, select: { assignedToId: true, personId: true } });
      return r && { ...r, worksiteId: null };
    }
    case 'MEMBERSHIP':
      return tx.membership.findUnique({ where: { id }, select: { assignedToId: true, personId: true, worksiteId: true } });
    case 'PROFESSION_CHANGE_REQUEST': {
      const r = await tx.professionChangeRequest.findUnique({ where: { id }, select: { assignedToId: true, personId: true } });
      return r && { ...r, worksiteId: null };
    }
    case 'REMOTE_ACCESS_REQUEST': {
      const r = await tx.remoteAccessRequest.findUnique({ where: { id }, select: { assignedToId: true, membership: viaMembership } });
      return r && { assignedToId: r.assignedToId, ...r.membership };
    }
    case 'PHARMANET_WORKSITE_REQUEST': {
      const r = await tx.pharmanetWorksiteRequest.findUnique({ where: { id }, select: { assignedToId: true, worksiteId: true } });
      return r && { ...r, personId: null };
    }
    case 'PHARMANET_USER_REQUEST': {
      const r = await tx.pharmanetUserRequest.findUnique({ where: { id }, select: { assignedToId: true, membership: viaMembership } });
      return r && { assignedToId: r.assignedToId, ...r.membership };
    }
  }
}

/** Sets assignedToId only if it is still what was read; returns the number of rows changed. */
async function guardedSet(tx: Tx, kind: AssignableKind, id: string, from: string | null, to: string | null): Promise<number> {
  const args = { where: { id, assignedToId: from }, data: { assignedToId: to } };
  switch (kind) {
    case 'WORKSITE':
      return (await tx.worksite.updateMany(args)).count;
    case 'ENROLMENT':
      return (await tx.enrolment.updateMany(args)).count;
    case 'MEMBERSHIP':
      return (await tx.membership.updateMany(args)).count;
    case 'PROFESSION_CHANGE_REQUEST':
      return (await tx.professionChangeRequest.updateMany(args)).count;
    case 'REMOTE_ACCESS_REQUEST':
      return (await tx.remoteAccessRequest.updateMany(args)).count;
    case 'PHARMANET_WORKSITE_REQUEST':
      return (await tx.pharmanetWorksiteRequest.updateMany(args)).count;
    case 'PHARMANET_USER_REQUEST':
      return (await tx.pharmanetUserRequest.updateMany(args)).count;
  }
}

async function nameOf(tx: Tx, personId: string | null): Promise<string> {
  const p = personId ? await tx.person.findUnique({ where: { id: personId } }) : null;
  return p ? displayName(p) : 'someone else';
}

async function change(
  staff: StaffCaller,
  op: AssignmentOp,
  input: { kind: AssignableKind; id: string; expectedAssigneeId?: string },
  ctx: Ctx,
): Promise<{ assignedToId: string | null; changed: boolean }> {
  requireDecider(staff, 'team.assign');
  return db().$transaction(async (tx) => {
    const item = await load(tx, input.kind, input.id);
    if (!item) throw notFound();
    await refuseConflictOfInterest(tx, staff.id, item, TEAM_CONFLICT_MESSAGES);
    const outcome = assignmentOutcome(op, item.assignedToId, staff.id, input.expectedAssigneeId ?? null);
    if (!outcome.ok) throw new DomainError('ALREADY_DECIDED', assignmentRefusal(outcome.code, await nameOf(tx, outcome.holder)));
    if (!outcome.changed) return { assignedToId: outcome.to, changed: false };
    if ((await guardedSet(tx, input.kind, input.id, item.assignedToId, outcome.to)) !== 1) {
      // Another member of the team changed it between our read and our write.
      const now = await load(tx, input.kind, input.id);
      throw new DomainError('ALREADY_DECIDED', assignmentRefusal('ASSIGNED_TO_SOMEONE_ELSE', await nameOf(tx, now?.assignedToId ?? null)));
    }
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: op === 'assign' ? 'assignment.assigned' : 'assignment.unassigned',
      target: { type: RECORD_TYPE[input.kind], id: input.id },
      personId: item.personId,
      worksiteId: item.worksiteId,
      before: { assignedToId: item.assignedToId },
      after: { assignedToId: outcome.to, kind: input.kind },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { assignedToId: outcome.to, changed: true };
  });
}

export const assignToMe = (staff: StaffCaller, input: { kind: AssignableKind; id: string }, ctx: Ctx) => change(staff, 'assign', input, ctx);

export const unassign = (staff: StaffCaller, input: { kind: AssignableKind; id: string; expectedAssigneeId: string }, ctx: Ctx) =>
  change(staff, 'unassign', input, ctx);
