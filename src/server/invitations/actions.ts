'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { clientAddress } from '../throttle/client-address';
import { acceptInvitationSchema, invitationActionSchema, inviteSchema } from './schema';
import {
  acceptInvitation,
  inviteByEmail,
  resendInvitation,
  revokeInvitation,
  type AcceptOutcome,
} from './service';

export async function inviteByEmailAction(
  input: unknown,
): Promise<ActionResult<{ invitationId: string; reused: boolean }>> {
  return runAction('inviteByEmail', async () => {
    const me = await requireUser();
    const values = parseInput(inviteSchema, input);
    const result = await inviteByEmail(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}/members`);
    return result;
  });
}

export async function resendInvitationAction(
  input: unknown,
): Promise<ActionResult<{ sentCount: number; expiresAt: Date }>> {
  return runAction('resendInvitation', async () => {
    const me = await requireUser();
    const values = parseInput(invitationActionSchema, input);
    const result = await resendInvitation(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}/members`);
    return result;
  });
}

export async function revokeInvitationAction(
  input: unknown,
): Promise<ActionResult<{ revoked: boolean }>> {
  return runAction('revokeInvitation', async () => {
    const me = await requireUser();
    const values = parseInput(invitationActionSchema, input);
    const result = await revokeInvitation(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}/members`);
    return result;
  });
}

// The token travels in the body, never in a log line: runAction logs only the action name.
export async function acceptInvitationAction(input: unknown): Promise<ActionResult<AcceptOutcome>> {
  return runAction('acceptInvitation', async () => {
    const me = await requireUser();
    const { token } = parseInput(acceptInvitationSchema, input);
    const ctx = { ...(await requestContext()), clientAddress: await clientAddress() };
    const result = await acceptInvitation(me.id, token, ctx);
    revalidatePath(`/worksites/${result.worksiteId}`, 'layout');
    revalidatePath('/worksites');
    return result;
  });
}
