// The Health Professional CareConnect Access Agreement, version 1 (SPEC §7 step 4). Published
// text never changes (the database refuses edits): a new wording is published as a new version
// from the team area (/admin/agreements).
import type { PrismaClient } from '../../src/generated/prisma/client';

export type AgreementText = {
  version: number;
  title: string;
  body: string; // sections separated by a blank line; a section's first line is its heading
  publishedAt: string; // ISO date
};

export const HPCAA_V1: AgreementText = {
  version: 1,
  title: 'Health Professional CareConnect Access Agreement',
  publishedAt: '2026-01-01T08:00:00.000Z',
  body: [
    'What CareConnect is\nCareConnect is the Province of British Columbia’s eHealth viewer. It shows you, read only, information from your patients’ provincial health records: for example lab results, medical imaging reports, medications dispensed and hospital visits. This agreement is between you and the Province. It sets out how you may use CareConnect. You accept it for yourself, as a person, whatever worksite you use CareConnect at.',
    'Use it only to care for your patients\nYou may look up a person’s information only when you are providing, or supporting, health care to that person, and only as much as you need for that care. Looking up anyone else — yourself, your family, friends, colleagues, public figures, or patients you are not caring for — is not allowed, even out of curiosity and even if you do not tell anyone what you saw.',
    'Keep it confidential\nTreat everything you see in CareConnect as confidential personal health information. Do not copy, print, photograph or save it except into your patient’s own record where your professional duties need it. Do not share it with anyone who is not involved in the patient’s care, and follow the privacy law that applies to you and your worksite’s privacy and security policies.',
    'Your account is yours alone\nYou sign in with your own BC Services Card. Never let anyone else use your card, your sign-in or your open CareConnect session, and never use anyone else’s. Lock or close your screen when you step away. If someone works on your behalf (for example a medical office assistant), they must be enrolled and sign in as themselves.',
    'Tell us when something goes wrong\nIf you think someone has used your account, seen information they should not have, or if information was lost or disclosed by mistake, tell your worksite’s privacy contact and the CareConnect enrolment team right away.',
    'Everything is recorded and checked\nEvery search and every record you open in CareConnect is logged with your name, the time and the worksite. The Province audits these logs, on its own schedule and when a patient asks who viewed their record.',
    'What happens if this agreement is broken\nIf you use CareConnect in a way this agreement does not allow, your access can be suspended or ended at once. The Province may report the matter to your professional college, to your employer and to the Information and Privacy Commissioner, and you may face legal consequences under the privacy laws of British Columbia.',
    'Keeping this agreement current\nThis agreement lasts 12 months from the day you accept it. You will be asked to accept it again after 12 months, and whenever a new version is published. Until you do, you cannot open CareConnect.',
  ].join('\n\n'),
};

type Client = Pick<PrismaClient, 'agreementVersion'>;

/** Publishes version 1 if it is not there yet; running it again (or twice at once) changes
 * nothing. */
export async function ensureHpcaaVersion(db: Client) {
  const v = HPCAA_V1;
  // ON CONFLICT DO NOTHING: a concurrent first publish cannot fail on the unique version.
  await db.agreementVersion.createMany({
    data: [{ kind: 'HPCAA', version: v.version, title: v.title, body: v.body, publishedAt: new Date(v.publishedAt), effectiveAt: new Date(v.publishedAt) }],
    skipDuplicates: true,
  });
  return db.agreementVersion.findUniqueOrThrow({ where: { kind_version: { kind: 'HPCAA', version: v.version } } });
}
