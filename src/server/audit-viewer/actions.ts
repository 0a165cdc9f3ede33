'use server';
import type { ActionResult } from '@/lib/action-result';
import { runAction } from '../action';
import { verifyAuditChain, type AuditChainResult } from '../audit-verify';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';

/** Recomputes the whole hash chain on demand; read-only, so it is not itself audited. */
export async function verifyAuditChainAction(): Promise<ActionResult<AuditChainResult>> {
  return runAction('verifyAuditChain', async () => {
    await requireStaff(staffRolesFor('audit.verify'));
    return verifyAuditChain();
  });
}
