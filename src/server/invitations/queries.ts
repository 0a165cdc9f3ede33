import 'server-only';
import { db } from '../db';
import { invitationState, type InvitationState } from './rules';
import { hashInvitationToken, isInvitationTokenShaped } from './token';
import { clock } from '@/lib/clock';

export type InvitationView =
  | { state: 'UNKNOWN' }
  | {
      state: InvitationState;
      acceptedByViewer: boolean;
      worksite: { id: string; operatingName: string; worksiteCode: string; active: boolean };
    };

/** What the invitation page shows for a link. Looked up by the token's hash only; the token
 * itself is never stored or logged. */
export async function invitationForPage(
  personId: string,
  token: string,
  now = clock.now(),
): Promise<InvitationView> {
  if (!isInvitationTokenShaped(token)) return { state: 'UNKNOWN' };
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { worksite: true },
  });
  if (!inv) return { state: 'UNKNOWN' };
  return {
    state: invitationState(inv, now),
    acceptedByViewer: inv.acceptedById === personId,
    worksite: {
      id: inv.worksite.id,
      operatingName: inv.worksite.operatingName,
      worksiteCode: inv.worksite.worksiteCode,
      active: inv.worksite.status === 'ACTIVE',
    },
  };
}
