'use server';
import { revalidatePath } from 'next/cache';
import type { WorksiteStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { requestContext } from '../request-context';
import { decisionSchema, reasonedDecisionSchema } from './team-schema';
import {
  acceptIntake,
  approveDeclaration,
  closeWorksite,
  decisionRoles,
  decline,
  reinstateWorksite,
  requestChanges,
  suspendWorksite,
} from './team-service';

type Decided = ActionResult<{ status: WorksiteStatus }>;

function refresh(worksiteId: string) {
  revalidatePath('/admin');
  revalidatePath('/admin/worksites');
  revalidatePath(`/admin/worksites/${worksiteId}`);
  revalidatePath(`/worksites/${worksiteId}`);
}

export async function acceptIntakeAction(input: unknown): Promise<Decided> {
  return runAction('acceptIntake', async () => {
    const me = await requireStaff(decisionRoles('ACCEPT_INTAKE'));
    const values = parseInput(decisionSchema, input);
    const { status } = await acceptIntake(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function requestWorksiteChangesAction(input: unknown): Promise<Decided> {
  return runAction('requestWorksiteChanges', async () => {
    const me = await requireStaff(decisionRoles('REQUEST_CHANGES'));
    const values = parseInput(reasonedDecisionSchema, input);
    const { status } = await requestChanges(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function declineWorksiteAction(input: unknown): Promise<Decided> {
  return runAction('declineWorksite', async () => {
    const me = await requireStaff(decisionRoles('DECLINE'));
    const values = parseInput(reasonedDecisionSchema, input);
    const { status } = await decline(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function approveDeclarationAction(input: unknown): Promise<Decided> {
  return runAction('approveDeclaration', async () => {
    const me = await requireStaff(decisionRoles('APPROVE_DECLARATION'));
    const values = parseInput(decisionSchema, input);
    const { status } = await approveDeclaration(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function suspendWorksiteAction(input: unknown): Promise<Decided> {
  return runAction('suspendWorksite', async () => {
    const me = await requireStaff(decisionRoles('SUSPEND'));
    const values = parseInput(reasonedDecisionSchema, input);
    const { status } = await suspendWorksite(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function reinstateWorksiteAction(input: unknown): Promise<Decided> {
  return runAction('reinstateWorksite', async () => {
    const me = await requireStaff(decisionRoles('REINSTATE'));
    const values = parseInput(decisionSchema, input);
    const { status } = await reinstateWorksite(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}

export async function closeWorksiteAction(input: unknown): Promise<Decided> {
  return runAction('closeWorksite', async () => {
    const me = await requireStaff(decisionRoles('CLOSE'));
    const values = parseInput(reasonedDecisionSchema, input);
    const { status } = await closeWorksite(me, values, await requestContext());
    refresh(values.worksiteId);
    return { status };
  });
}
