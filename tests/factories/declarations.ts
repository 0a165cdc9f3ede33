// Builders for Privacy & Security Declarations: a valid form input for a worksite, and small
// real images to attach. The demo seed may use these too.
import sharp from 'sharp';
import { DECLARATION_V1, ensureDeclarationVersion } from '../../prisma/seed-data/declaration-v1';
import type { PrismaClient, WorksiteStatus } from '../../src/generated/prisma/client';

export { ensureDeclarationVersion };

/** A real PNG (a small solid rectangle), as a screenshot tool would write it. */
export async function smallPng(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 60 } } }).png().toBuffer();
}

export async function smallJpeg(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toBuffer();
}

export type AnswerSpec = Record<string, { answer?: 'yes' | 'no'; explanation?: string }>;

/** Every statement answered "yes" unless `answers` says otherwise. */
export function declarationInput(spec: {
  worksiteId: string;
  versionId: string;
  expectedStatus?: WorksiteStatus;
  signerName?: string;
  answers?: AnswerSpec;
  overrides?: Record<string, unknown>;
}) {
  const signerName = spec.signerName ?? 'Dana Signer';
  const answers: AnswerSpec = Object.fromEntries(
    DECLARATION_V1.safeguards.map((s) => [s.key, { answer: 'yes' as const, explanation: '' }]),
  );
  for (const [k, v] of Object.entries(spec.answers ?? {})) answers[k] = v;
  return {
    worksiteId: spec.worksiteId,
    expectedStatus: spec.expectedStatus ?? 'AWAITING_DECLARATION',
    versionId: spec.versionId,
    answers,
    signerName,
    signerTitle: 'Clinic Manager',
    attestsSigningAuthority: true,
    typedSignature: signerName,
    ...spec.overrides,
  };
}

/** Version 1 published, and a valid input + screenshot for the worksite. */
export async function validDeclaration(
  db: Pick<PrismaClient, 'declarationVersion'>,
  spec: Omit<Parameters<typeof declarationInput>[0], 'versionId'>,
) {
  const version = await ensureDeclarationVersion(db);
  return {
    version,
    input: declarationInput({ ...spec, versionId: version.id }),
    upload: { bytes: await smallPng(), name: 'antivirus.png' },
  };
}
