// The Privacy & Security Declaration, version 1 (SPEC §6). Published text never changes: a new
// wording is a new file and a new version number, and active worksites are asked to re-sign.
import type { PrismaClient } from '../../src/generated/prisma/client';

export type Safeguard = { key: string; text: string };

export type DeclarationText = {
  version: number;
  title: string;
  body: string; // paragraphs separated by a blank line
  safeguards: Safeguard[];
  publishedAt: string; // ISO date
};

export const DECLARATION_V1: DeclarationText = {
  version: 1,
  title: 'Privacy & Security Declaration',
  publishedAt: '2026-01-01T08:00:00.000Z',
  body: [
    'CareConnect shows patients’ health records. Before anyone at this worksite can use it, the worksite must tell us how it protects that information. This declaration is how it does so.',
    'Answer each statement below with “yes” or “no”. Answer honestly: a “no” does not stop your application, but you must explain it, and the enrolment team may contact you about it.',
    'By signing, you confirm that you have the authority to make this declaration for the worksite, that the answers are true, and that the worksite will keep these safeguards in place while it uses CareConnect. You also agree to tell the enrolment team promptly if any of them stops being true.',
  ].join('\n\n'),
  safeguards: [
    {
      key: 'written-policies',
      text: 'The worksite has written privacy and security policies, and everyone who will use CareConnect has signed a confidentiality undertaking.',
    },
    {
      key: 'unique-accounts',
      text: 'Each person has their own user account on the worksite’s computers and systems. Nobody shares a login or a password.',
    },
    {
      key: 'screen-lock',
      text: 'Computers and devices lock the screen automatically after a short time without use (15 minutes or less) and need a password to unlock.',
    },
    {
      key: 'patched-systems',
      text: 'Computers run operating systems and web browsers that are still supported by their makers, with security updates installed promptly.',
    },
    {
      key: 'firewall',
      text: 'The worksite’s network is protected by a firewall, and each computer’s own firewall is turned on.',
    },
    {
      key: 'encrypted-wifi',
      text: 'Any Wi-Fi network used for CareConnect is encrypted (WPA2 or newer) and protected by a password that is not shared with patients or visitors.',
    },
    {
      key: 'antivirus',
      text: 'Every computer used for CareConnect has antivirus software that is active and kept up to date. (Attach a screenshot showing it below.)',
    },
    {
      key: 'encrypted-devices',
      text: 'Laptops, USB drives and other portable devices that may hold patient information are encrypted.',
    },
    {
      key: 'breach-reporting',
      text: 'The worksite has a process for reporting and handling privacy breaches, and staff know how to report one, including to the enrolment team.',
    },
    {
      key: 'physical-security',
      text: 'Screens showing patient information cannot be seen by the public, and computers are in areas the public cannot enter unaccompanied.',
    },
  ],
};

/** Publishes version 1 if it is not there yet; running it again changes nothing. */
export async function ensureDeclarationVersion(client: Pick<PrismaClient, 'declarationVersion'>) {
  const v = DECLARATION_V1;
  return client.declarationVersion.upsert({
    where: { version: v.version },
    create: {
      version: v.version,
      title: v.title,
      body: v.body,
      safeguards: v.safeguards,
      publishedAt: new Date(v.publishedAt),
      effectiveAt: new Date(v.publishedAt),
    },
    update: {},
  });
}
