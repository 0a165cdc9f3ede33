'use server';
import { revalidatePath } from 'next/cache';
import type { EnrolmentStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import {
  applyProfessionChangeSchema,
  declineProfessionChangeSchema,
  enrolmentDecisionSchema,
  reasonedEnrolmentDecisionSchema,
} from './team-schema';
import {
  applyProfessionChange,
  approveEnrolment,
  decisionRoles,
  declineEnrolment,
  declineProfessionChange,
  reinstateEnrolment,
  requestEnrolmentChanges,
  suspendEnrolment,
} from './team-service';

type Decided = ActionResult<{ status: EnrolmentStatus }>;

function refresh() {
  revalidatePath('/admin');
  revalidatePath('/admin/enrolments', 'layout');
  revalidatePath('/enrolment');
}

export async function approveEnrolmentAction(input: unknown): Promise<Decided> {
  return runAction('approveEnrolment', async () => {
    const me = await requireStaff(decisionRoles('APPROVE'));
    const values = parseInput(enrolmentDecisionSchema, input);
    const r = await approveEnrolment(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function declineEnrolmentAction(input: unknown): Promise<Decided> {
  return runAction('declineEnrolment', async () => {
    const me = await requireStaff(decisionRoles('DECLINE'));
    const values = parseInput(reasonedEnrolmentDecisionSchema, input);
    const r = await declineEnrolment(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function requestEnrolmentChangesAction(input: unknown): Promise<Decided> {
  return runAction('requestEnrolmentChanges', async () => {
    const me = await requireStaff(decisionRoles('REQUEST_CHANGES'));
    const values = parseInput(reasonedEnrolmentDecisionSchema, input);
    const r = await requestEnrolmentChanges(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function suspendEnrolmentAction(input: unknown): Promise<Decided> {
  return runAction('suspendEnrolment', async () => {
    const me = await requireStaff(decisionRoles('SUSPEND'));
    const values = parseInput(reasonedEnrolmentDecisionSchema, input);
    const r = await suspendEnrolment(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function reinstateEnrolmentAction(input: unknown): Promise<Decided> {
  return runAction('reinstateEnrolment', async () => {
    const me = await requireStaff(decisionRoles('REINSTATE'));
    const values = parseInput(enrolmentDecisionSchema, input);
    const r = await reinstateEnrolment(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function applyProfessionChangeAction(input: unknown): Promise<ActionResult<{ status: 'APPLIED' }>> {
  return runAction('applyProfessionChange', async () => {
    const me = await requireStaff(staffRolesFor('professionChange.decide'));
    const values = parseInput(applyProfessionChangeSchema, input);
    const r = await applyProfessionChange(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function declineProfessionChangeAction(input: unknown): Promise<ActionResult<{ status: 'DECLINED' }>> {
  return runAction('declineProfessionChange', async () => {
    const me = await requireStaff(staffRolesFor('professionChange.decide'));
    const values = parseInput(declineProfessionChangeSchema, input);
    const r = await declineProfessionChange(me, values, await requestContext());
    refresh();
    return r;
  });
}
