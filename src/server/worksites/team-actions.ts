'use server';
import type { z } from 'zod';
import type { WorksiteStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, type CurrentPerson } from '../auth/session';
import { decisionAnswer, type DecisionAnswer } from '../decisions/answer';
import { requestContext, type RequestContext } from '../request-context';
import { statusLabel } from './rules';
import { decisionSchema, reasonedDecisionSchema, type TeamDecision } from './team-schema';
import {
  acceptIntake,
  approveDeclaration,
  availableDecisions,
  closeWorksite,
  decisionRoles,
  decline,
  reinstateWorksite,
  requestChanges,
  suspendWorksite,
} from './team-service';

type Decided = ActionResult<DecisionAnswer<WorksiteStatus, TeamDecision>>;
type Event = Parameters<typeof decisionRoles>[0];
type Decision = (
  staff: CurrentPerson,
  values: never,
  ctx: RequestContext,
) => Promise<{ id: string; from: WorksiteStatus; status: WorksiteStatus; at: Date; reason: string | null; now: Parameters<typeof availableDecisions>[1] }>;

// Decisions answer with what changed instead of re-rendering the page they were posted from
// (docs/decisions/027-round-trip-budget.md); the other pages are dynamic and read fresh.
async function decideOn(name: string, event: Event, schema: z.ZodType, decision: Decision, input: unknown): Promise<Decided> {
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
      subject: 'Worksite',
      label: statusLabel,
      // Deciding proves the staff member does not belong to the worksite.
      decisions: availableDecisions(me, r.now, false),
    });
  });
}

export async function acceptIntakeAction(input: unknown): Promise<Decided> {
  return decideOn('acceptIntake', 'ACCEPT_INTAKE', decisionSchema, acceptIntake, input);
}

export async function requestWorksiteChangesAction(input: unknown): Promise<Decided> {
  return decideOn('requestWorksiteChanges', 'REQUEST_CHANGES', reasonedDecisionSchema, requestChanges, input);
}

export async function declineWorksiteAction(input: unknown): Promise<Decided> {
  return decideOn('declineWorksite', 'DECLINE', reasonedDecisionSchema, decline, input);
}

export async function approveDeclarationAction(input: unknown): Promise<Decided> {
  return decideOn('approveDeclaration', 'APPROVE_DECLARATION', decisionSchema, approveDeclaration, input);
}

export async function suspendWorksiteAction(input: unknown): Promise<Decided> {
  return decideOn('suspendWorksite', 'SUSPEND', reasonedDecisionSchema, suspendWorksite, input);
}

export async function reinstateWorksiteAction(input: unknown): Promise<Decided> {
  return decideOn('reinstateWorksite', 'REINSTATE', decisionSchema, reinstateWorksite, input);
}

export async function closeWorksiteAction(input: unknown): Promise<Decided> {
  return decideOn('closeWorksite', 'CLOSE', reasonedDecisionSchema, closeWorksite, input);
}
