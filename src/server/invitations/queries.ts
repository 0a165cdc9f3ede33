import 'server-only';
import { db } from '../db';
import type { Subject } from '../authz/guard';
import { clientAddress } from '../throttle/client-address';
import { credentialBlock, recordBadCredential } from '../throttle/limits';
import { invitationState, type InvitationState } from './rules';
import { hashInvitationToken, isInvitationTokenShaped } from './token';
import { clock } from '@/lib/clock';

export type InvitationView =
  | { state: 'UNKNOWN' }
  // Too many links that are not valid from this address: not even this one is looked up.
  | { state: 'THROTTLED'; message: string }
  | {
      state: InvitationState;
      acceptedByViewer: boolean;
      worksite: { id: string; operatingName: string; worksiteCode: string; active: boolean };
    };

/** What the invitation page shows for a link. Looked up by the token's hash only; the token
 * itself is never stored or logged. */
export async function invitationForPage(
  viewer: Subject,
  token: string,
  now = clock.now(),
): Promise<InvitationView> {
  const address = await clientAddress();
  const blocked = await credentialBlock('invitation', address, now);
  if (blocked) return { state: 'THROTTLED', message: blocked.message };
  const unknown = async (): Promise<InvitationView> => {
    const nowBlocked = await recordBadCredential('invitation', address, now);
    return nowBlocked ? { state: 'THROTTLED', message: nowBlocked.message } : { state: 'UNKNOWN' };
  };
  if (!isInvitationTokenShaped(token)) return unknown();
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { worksite: true },
  });
  if (!inv) return unknown();
  return {
    state: invitationState(inv, now),
    acceptedByViewer: inv.acceptedById === viewer.id,
    worksite: {
      id: inv.worksite.id,
      operatingName: inv.worksite.operatingName,
      worksiteCode: inv.worksite.worksiteCode,
      active: inv.worksite.status === 'ACTIVE',
    },
  };
}
