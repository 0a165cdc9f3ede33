'use server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { grantStaffRoleSchema, revokeStaffRoleSchema } from './schema';
import { grantStaffRoleByAdmin, revokeStaffRole } from './admin-service';

export async function grantStaffRoleAction(input: unknown) {
  return runAction('grantStaffRole', async () => {
    const me = await requireStaff(staffRolesFor('staff.manage'));
    const v = parseInput(grantStaffRoleSchema, input);
    const r = await grantStaffRoleByAdmin(me, v, await requestContext());
    revalidatePath('/admin/staff');
    return r;
  });
}

export async function revokeStaffRoleAction(input: unknown) {
  return runAction('revokeStaffRole', async () => {
    const me = await requireStaff(staffRolesFor('staff.manage'));
    const v = parseInput(revokeStaffRoleSchema, input);
    const r = await revokeStaffRole(me, v, await requestContext());
    revalidatePath('/admin/staff');
    return r;
  });
}
