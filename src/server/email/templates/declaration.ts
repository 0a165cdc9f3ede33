import 'server-only';
import { teamMailbox, type Email, type Notice, type Recipient } from '@/server/notify';
import { portalUrl } from '../worksite-email';

export const DECLARATION_RECEIVED = 'worksite.declaration-received';
export const TEAM_DECLARATION_SUBMITTED = 'team.declaration-submitted';
export const DECLARATION_NEW_VERSION = 'worksite.declaration-new-version';

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
export function declarationReceivedNotices(e: DeclarationReceived): Notice[] {
  const signed = `${e.signerName} signed version ${e.version} of the Privacy & Security Declaration for ${e.worksite.operatingName} on ${e.signedOn}.`;
  const next = e.stillActive
    ? 'The worksite stays active while the enrolment team reviews it.'
    : 'The enrolment team will review it. You will get an email when the worksite is approved, or if the team needs anything else.';
  const flaggedNote =
    e.flagged.length > 0
      ? `You answered “no” to ${e.flagged.length === 1 ? 'one statement' : `${e.flagged.length} statements`}. The team may contact you about ${e.flagged.length === 1 ? 'it' : 'them'}.`
      : null;
  const received: Email = {
    template: DECLARATION_RECEIVED,
    subject: 'We received your Privacy & Security Declaration',
    content: {
      heading: 'We received your Privacy & Security Declaration',
      paragraphs: [signed, ...(flaggedNote ? [flaggedNote] : []), next],
      action: { label: 'View the worksite', url: portalUrl(`/worksites/${e.worksite.id}`) },
    },
  };
  const toTeam: Email = {
    template: TEAM_DECLARATION_SUBMITTED,
    subject: e.flagged.length
      ? `Declaration to review, ${e.flagged.length} flagged`
      : 'Declaration to review',
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
  };
  return [
    ...e.siteAdmins.map((admin) => ({
      worksite: e.worksite,
      to: { to: admin.email, personId: admin.personId },
      email: received,
      dedupeKey: `${DECLARATION_RECEIVED}:${e.declarationId}:${admin.personId}`,
    })),
    {
      worksite: e.worksite,
      to: teamMailbox(),
      email: toTeam,
      dedupeKey: `${TEAM_DECLARATION_SUBMITTED}:${e.declarationId}`,
    },
  ];
}

/** To a site admin: a new declaration version must be signed for the worksite (SPEC §15). */
export function declarationNewVersionNotice(p: {
  worksite: WorksiteRef;
  to: Recipient;
  version: number;
  title: string;
  effectiveOn: string;
  acceptBy: string;
}): Notice {
  return {
    worksite: p.worksite,
    to: p.to,
    email: {
      template: DECLARATION_NEW_VERSION,
      subject: 'Sign the new Privacy & Security Declaration',
      content: {
        heading: 'A new version of the Privacy & Security Declaration',
        paragraphs: [
          `Version ${p.version} of the ${p.title} takes effect on ${p.effectiveOn}. A site administrator with signing authority must sign it for this worksite by ${p.acceptBy}.`,
          'The worksite stays active while you do. Signing takes a few minutes: read the new text, answer each statement and attach a current antivirus screenshot.',
        ],
        action: {
          label: 'Sign the new declaration',
          url: portalUrl(`/worksites/${p.worksite.id}/declaration`),
        },
      },
    },
    dedupeKey: `${DECLARATION_NEW_VERSION}:${p.worksite.id}:${p.to.personId}:v${p.version}`,
  };
}
