'use server';
import type { z } from 'zod';
import type { EnrolmentStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, type CurrentPerson } from '../auth/session';
import { decisionAnswer, type DecisionAnswer } from '../decisions/answer';
import { pacificMinute } from '../decisions';
import { staffRolesFor } from '../authz/policy';
import { requestContext, type RequestContext } from '../request-context';
import { enrolmentStatusLabel } from './rules';
import {
  applyProfessionChangeSchema,
  declineProfessionChangeSchema,
  enrolmentDecisionSchema,
  reasonedEnrolmentDecisionSchema,
  type EnrolmentDecision,
} from './team-schema';
import {
  applyProfessionChange,
  approveEnrolment,
  availableDecisions,
  decisionRoles,
  declineEnrolment,
  declineProfessionChange,
  reinstateEnrolment,
  requestEnrolmentChanges,
  suspendEnrolment,
} from './team-service';

type Decided = ActionResult<DecisionAnswer<EnrolmentStatus, EnrolmentDecision>>;
type Decision = (staff: CurrentPerson, values: never, ctx: RequestContext) => Promise<{ id: string; personId: string; from: EnrolmentStatus; status: EnrolmentStatus; at: Date; reason: string | null }>;

// Decisions answer with what changed instead of re-rendering the page they were posted from
// (docs/decisions/027-round-trip-budget.md); other pages are dynamic and read fresh.
async function decideOn(name: string, event: Parameters<typeof decisionRoles>[0], schema: z.ZodType, decision: Decision, input: unknown): Promise<Decided> {
  return runAction(name, async () => {
    const me = await requireStaff(decisionRoles(event));
    const values = parseInput(schema, input) as never;
    const r = await decision(me, values, await requestContext());
    return decisionAnswer({
      id: r.id,
      from: r.from,
      to: r.status,
      at: r.at,
      reason: r.reason,
      by: me.displayName,
      subject: 'Enrolment',
      label: enrolmentStatusLabel,
      decisions: availableDecisions(me, { status: r.status, personId: r.personId }),
    });
  });
}

export async function approveEnrolmentAction(input: unknown): Promise<Decided> {
  return decideOn('approveEnrolment', 'APPROVE', enrolmentDecisionSchema, approveEnrolment, input);
}

export async function declineEnrolmentAction(input: unknown): Promise<Decided> {
  return decideOn('declineEnrolment', 'DECLINE', reasonedEnrolmentDecisionSchema, declineEnrolment, input);
}

export async function requestEnrolmentChangesAction(input: unknown): Promise<Decided> {
  return decideOn('requestEnrolmentChanges', 'REQUEST_CHANGES', reasonedEnrolmentDecisionSchema, requestEnrolmentChanges, input);
}

export async function suspendEnrolmentAction(input: unknown): Promise<Decided> {
  return decideOn('suspendEnrolment', 'SUSPEND', reasonedEnrolmentDecisionSchema, suspendEnrolment, input);
}

export async function reinstateEnrolmentAction(input: unknown): Promise<Decided> {
  return decideOn('reinstateEnrolment', 'REINSTATE', enrolmentDecisionSchema, reinstateEnrolment, input);
}

type ChangeDecided<S> = ActionResult<{ id: string; status: S; at: Date; when: string; by: string; reason: string | null }>;

export async function applyProfessionChangeAction(input: unknown): Promise<ChangeDecided<'APPLIED'>> {
  return runAction('applyProfessionChange', async () => {
    const me = await requireStaff(staffRolesFor('professionChange.decide'));
    const values = parseInput(applyProfessionChangeSchema, input);
    const r = await applyProfessionChange(me, values, await requestContext());
    return { id: values.requestId, ...r, when: pacificMinute(r.at), by: me.displayName };
  });
}

export async function declineProfessionChangeAction(input: unknown): Promise<ChangeDecided<'DECLINED'>> {
  return runAction('declineProfessionChange', async () => {
    const me = await requireStaff(staffRolesFor('professionChange.decide'));
    const values = parseInput(declineProfessionChangeSchema, input);
    const r = await declineProfessionChange(me, values, await requestContext());
    return { id: values.requestId, ...r, when: pacificMinute(r.at), by: me.displayName };
  });
}
