'use server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { createApiKeySchema, revokeApiKeySchema, setApiKeyLimitSchema } from './schema';
import { createApiKey, revokeApiKey, setApiKeyLimit } from './service';

export async function createApiKeyAction(input: unknown) {
  return runAction('createApiKey', async () => {
    const me = await requireStaff(staffRolesFor('apiKeys.manage'));
    const v = parseInput(createApiKeySchema, input);
    const r = await createApiKey(me, v, await requestContext());
    revalidatePath('/admin/api-keys');
    return r;
  });
}

export async function revokeApiKeyAction(input: unknown) {
  return runAction('revokeApiKey', async () => {
    const me = await requireStaff(staffRolesFor('apiKeys.manage'));
    const v = parseInput(revokeApiKeySchema, input);
    const r = await revokeApiKey(me, v, await requestContext());
    revalidatePath('/admin/api-keys');
    return r;
  });
}

export async function setApiKeyLimitAction(input: unknown) {
  return runAction('setApiKeyLimit', async () => {
    const me = await requireStaff(staffRolesFor('apiKeys.manage'));
    const v = parseInput(setApiKeyLimitSchema, input);
    const r = await setApiKeyLimit(me, v, await requestContext());
    revalidatePath('/admin/api-keys');
    return r;
  });
}
