import 'server-only';
import { distinctRecipients, recipientOf, type Recipient } from '../notify';

// A decision about a worksite emails its active site admins: read with the worksite, in the
// decision's locked read, instead of a statement of their own.

/** For `include: { memberships: siteAdminsInclude }` on a worksite read. */
export const siteAdminsInclude = {
  where: { isSiteAdmin: true, status: 'ACTIVE' as const },
  select: { person: { select: { id: true, contactEmail: true, idpEmail: true } } },
  orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
};

/** The recipients, one per address (as siteAdminRecipients). */
export const siteAdminsFrom = (
  memberships: readonly {
    person: { id: string; contactEmail: string | null; idpEmail: string | null };
  }[],
): Recipient[] => distinctRecipients(memberships.map((m) => recipientOf(m.person)));
