'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { memberActionSchema, transferSchema } from './schema';
import {
  confirmJoinRequest,
  declineJoinRequest,
  endLocum,
  grantSiteAdmin,
  inactivateMember,
  reactivateMember,
  removeSiteAdmin,
  transferSiteAdmin,
} from './service';

type MemberService = typeof confirmJoinRequest;
type MemberResult = Awaited<ReturnType<MemberService>>;

// Every action is a public POST endpoint: who, what, do (the service checks the caller is a site
// admin of *that* worksite), refresh, answer.
async function memberAction(
  name: string,
  service: MemberService,
  input: unknown,
): Promise<ActionResult<MemberResult>> {
  return runAction(name, async () => {
    const me = await requireUser();
    const values = parseInput(memberActionSchema, input);
    const result = await service(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}`, 'layout');
    return result;
  });
}

export async function confirmJoinRequestAction(input: unknown) {
  return memberAction('confirmJoinRequest', confirmJoinRequest, input);
}
export async function declineJoinRequestAction(input: unknown) {
  return memberAction('declineJoinRequest', declineJoinRequest, input);
}
export async function grantSiteAdminAction(input: unknown) {
  return memberAction('grantSiteAdmin', grantSiteAdmin, input);
}
export async function removeSiteAdminAction(input: unknown) {
  return memberAction('removeSiteAdmin', removeSiteAdmin, input);
}
export async function inactivateMemberAction(input: unknown) {
  return memberAction('inactivateMember', inactivateMember, input);
}
export async function reactivateMemberAction(input: unknown) {
  return memberAction('reactivateMember', reactivateMember, input);
}
export async function endLocumAction(input: unknown) {
  return memberAction('endLocum', endLocum, input);
}

export async function transferSiteAdminAction(
  input: unknown,
): Promise<ActionResult<{ membershipId: string }>> {
  return runAction('transferSiteAdmin', async () => {
    const me = await requireUser();
    const values = parseInput(transferSchema, input);
    const result = await transferSiteAdmin(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}`, 'layout');
    return result;
  });
}
