import 'server-only';
import type { Tx } from '@/server/db';
import { env } from '@/server/env';
import { enqueueWorksiteEmail, portalUrl } from '../worksite-email';

export const DECLARATION_RECEIVED = 'worksite.declaration-received';
export const TEAM_DECLARATION_SUBMITTED = 'team.declaration-submitted';

type WorksiteRef = { id: string; worksiteCode: string; operatingName: string };

export type DeclarationReceived = {
  worksite: WorksiteRef;
  declarationId: string;
  version: number;
  signerName: string;
  signedOn: string; // YYYY-MM-DD, Pacific
  stillActive: boolean; // a re-signed declaration keeps an active worksite active
  siteAdmins: { personId: string; email: string }[];
  flagged: { text: string; explanation: string }[];
};

/** "Declaration received" to each site admin, and a notice to the team mailbox (SPEC §12). */
export async function enqueueDeclarationReceived(tx: Tx, e: DeclarationReceived): Promise<void> {
  const signed = `${e.signerName} signed version ${e.version} of the Privacy & Security Declaration for ${e.worksite.operatingName} on ${e.signedOn}.`;
  const next = e.stillActive
    ? 'The worksite stays active while the enrolment team reviews it.'
    : 'The enrolment team will review it. You will get an email when the worksite is approved, or if the team needs anything else.';
  const flaggedNote =
    e.flagged.length > 0
      ? `You answered “no” to ${e.flagged.length === 1 ? 'one statement' : `${e.flagged.length} statements`}. The team may contact you about ${e.flagged.length === 1 ? 'it' : 'them'}.`
      : null;
  for (const admin of e.siteAdmins) {
    await enqueueWorksiteEmail(tx, {
      worksite: e.worksite,
      to: admin.email,
      personId: admin.personId,
      template: DECLARATION_RECEIVED,
      subject: 'We received your Privacy & Security Declaration',
      content: {
        heading: 'We received your Privacy & Security Declaration',
        paragraphs: [signed, ...(flaggedNote ? [flaggedNote] : []), next],
        action: { label: 'View the worksite', url: portalUrl(`/worksites/${e.worksite.id}`) },
      },
      dedupeKey: `${DECLARATION_RECEIVED}:${e.declarationId}:${admin.personId}`,
    });
  }

  await enqueueWorksiteEmail(tx, {
    worksite: e.worksite,
    to: env().TEAM_MAILBOX,
    template: TEAM_DECLARATION_SUBMITTED,
    subject: e.flagged.length ? `Declaration to review, ${e.flagged.length} flagged` : 'Declaration to review',
    content: {
      heading: 'A Privacy & Security Declaration is waiting for review',
      paragraphs: [
        signed,
        e.flagged.length
          ? `Flagged answers (“no”): ${e.flagged.length}.\n${e.flagged.map((f) => `• ${f.text}\n  Explanation: ${f.explanation}`).join('\n')}`
          : 'Every statement was answered “yes”.',
      ],
      action: { label: 'Review the worksite', url: portalUrl(`/admin/worksites/${e.worksite.id}`) },
    },
    dedupeKey: `${TEAM_DECLARATION_SUBMITTED}:${e.declarationId}`,
  });
}
