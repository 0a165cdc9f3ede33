import 'server-only';
import type { Tx } from '../db';
import { env } from '../env';

// Who reads a notice (SPEC §12): a person at their contact email, else the email their sign-in
// card gave; a worksite's active site admins, each address once.

export type Recipient = { to: string; personId: string | null };

type Addressable = { id: string; contactEmail: string | null; idpEmail: string | null };

/** Where a person reads about a decision; null when they gave no address at all. */
export function recipientOf(p: Addressable): Recipient | null {
  const to = p.contactEmail ?? p.idpEmail;
  return to ? { to, personId: p.id } : null;
}

/** Pure: keeps the first recipient of each address (addresses compare without case). */
export function distinctRecipients(list: readonly (Recipient | null)[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const r of list) {
    if (!r) continue;
    const key = r.to.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** A worksite's active site administrators, one recipient per address. */
export async function siteAdminRecipients(tx: Pick<Tx, 'membership'>, worksiteId: string): Promise<Recipient[]> {
  const admins = await tx.membership.findMany({
    where: { worksiteId, isSiteAdmin: true, status: 'ACTIVE' },
    select: { person: { select: { id: true, contactEmail: true, idpEmail: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return distinctRecipients(admins.map((m) => recipientOf(m.person)));
}

/** The enrolment team's shared mailbox. */
export const teamMailbox = (): Recipient => ({ to: env().TEAM_MAILBOX, personId: null });
