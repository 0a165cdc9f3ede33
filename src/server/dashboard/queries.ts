import 'server-only';
import { clock } from '@/lib/clock';
import { accessForPerson, type WorksiteAccess } from '../access/queries';
import type { Subject } from '../authz/guard';
import { db } from '../db';
import { agreementNoticeFrom, type AgreementNoticeView } from '../agreements/queries';
import { dashboardChecklist, type DashboardChecklist } from '../enrolments/queries';
import { progressFacts } from '../enrolments/progress';
import { membershipRows, membershipsFromRows, type MembershipRow, type MyMembership } from '../memberships/dashboard-queries';
import type { PendingItems } from '../sponsorships/queries';
import { myViewerAccount } from '../viewer-accounts/queries';

// The practitioner dashboard's data in one call: the page renders what this returns and reads
// nothing itself. The readers run side by side, and the person's memberships, their worksites
// and what waits for them come from one statement (docs/decisions/027-round-trip-budget.md).
// To add a panel, add a field here and read it next to the others.

export type PractitionerDashboard = {
  checklist: DashboardChecklist;
  /** A new agreement version to accept, and by when (SPEC §15), or null. */
  notice: AgreementNoticeView | null;
  pending: PendingItems;
  memberships: MyMembership[];
  access: WorksiteAccess[];
  viewerAccount: Awaited<ReturnType<typeof myViewerAccount>>;
};

/** Sponsorship requests to answer and, for site admins, join requests per worksite. */
export function pendingFromRows(rows: readonly MembershipRow[]): PendingItems {
  return {
    // A sponsor answers from a membership, so a person without one has nothing waiting.
    sponsorRequests: rows[0]?.sponsorRequests ?? 0,
    joinRequests: rows
      .filter((m) => m.joinRequests > 0)
      .map((m) => ({
        worksiteId: m.worksiteId,
        worksiteName: m.operatingName,
        worksiteCode: m.worksiteCode,
        count: m.joinRequests,
        href: `/worksites/${m.worksiteId}/members`,
      }))
      .sort((a, b) => a.worksiteName.localeCompare(b.worksiteName)),
  };
}

export async function practitionerDashboard(viewer: Subject, now: Date = clock.now()): Promise<PractitionerDashboard> {
  const [facts, rows, access, viewerAccount] = await Promise.all([
    // The checklist and the agreement notice from one statement.
    progressFacts(db(), viewer.id),
    membershipRows(viewer.id),
    accessForPerson(viewer.id, now),
    myViewerAccount(viewer.id, now),
  ]);
  return {
    checklist: dashboardChecklist(facts, now),
    notice: agreementNoticeFrom(
      { acceptedVersion: facts.acceptance?.versionNumber ?? null, profession: facts.enrolment?.profession ?? null, versions: facts.versions },
      now,
    ),
    pending: pendingFromRows(rows),
    memberships: await membershipsFromRows(rows, now, new Map(access.map((a) => [a.membership.id, a.membership]))),
    access,
    viewerAccount,
  };
}
