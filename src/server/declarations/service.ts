import 'server-only';
import { DomainError } from '@/lib/errors';
import { parseInput } from '../parse-input';
import { audit, byPerson } from '../audit';
import { db } from '../db';
import { declarationReceivedNotices } from '../email/templates/declaration';
import { enqueueNotices } from '../notify';
import { prepareUpload, type PreparedImage } from '../files/image';
import { fileStore } from '../files/store';
import { log } from '../log';
import type { RequestContext } from '../request-context';
import { writeSubmissionSnapshot } from '../submission-snapshot';
import { requireSiteAdmin, siteAdminContacts } from '../worksites/access';
import { changeWorksiteStatus } from '../worksites/status';
import { canSubmitDeclaration, declarationFlags, pacificDate } from './rules';
import { declarationFieldsSchema, FILE_FIELD, type DeclarationFields } from './schema';
import { currentDeclarationVersion, type DeclarationVersionView } from './versions';
import { clock } from '@/lib/clock';

export type DeclarationUpload = { bytes: Uint8Array; name: string };

export const NOT_PUBLISHED = 'The declaration is not available right now. Please contact the enrolment team.';
export const MISSING_FILE = 'Attach a screenshot showing your antivirus software is active';

/**
 * Checks the fields and the file together, so one submit shows every problem, each next to its
 * field. Runs before the transaction: decoding an image must not hold the worksite lock.
 */
export async function validateDeclaration(
  version: DeclarationVersionView,
  input: unknown,
  upload: DeclarationUpload | null,
): Promise<{ values: DeclarationFields; image: PreparedImage }> {
  let values: DeclarationFields | null = null;
  let fieldErrors: Record<string, string> = {};
  let formError: string | null = null;
  try {
    values = parseInput(declarationFieldsSchema(version.safeguards.map((s) => s.key)), input);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    fieldErrors = { ...e.fieldErrors };
    formError = e.message; // a form-level problem (an unknown field), or the generic line
  }
  const image = upload && upload.bytes.length > 0 ? await prepareUpload({ bytes: upload.bytes, declaredName: upload.name }) : null;
  if (!image) fieldErrors[FILE_FIELD] = MISSING_FILE;
  else if (!image.ok) {
    fieldErrors[FILE_FIELD] = image.message;
    log.info('upload refused', { reason: image.reason, size: upload?.bytes.length });
  }
  if (!values || !image?.ok) {
    throw new DomainError('VALIDATION', formError ?? 'Please correct the highlighted fields.', fieldErrors);
  }
  return { values, image };
}

/**
 * A site admin signs the Privacy & Security Declaration (SPEC §6): the worksite moves on, the
 * re-encoded screenshot, the answers and an immutable snapshot are stored, the team is told.
 * Nothing is stored unless everything is accepted.
 */
export async function submitDeclaration(
  personId: string,
  input: unknown,
  upload: DeclarationUpload | null,
  ctx: RequestContext,
) {
  const version = await currentDeclarationVersion(db());
  if (!version) throw new DomainError('CONFLICT', NOT_PUBLISHED);
  const { values, image } = await validateDeclaration(version, input, upload);

  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, values.worksiteId);
    if (values.versionId !== version.id) {
      throw new DomainError('CONFLICT', 'The declaration text has changed since you opened this page. Reload the page to read and sign the current version.');
    }
    const latest = await tx.declaration.findFirst({
      where: { worksiteId: worksite.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { version: { select: { version: true } } },
    });
    // A stale page is told who moved the worksite on, before any other refusal.
    const to = await changeWorksiteStatus(tx, worksite, 'SUBMIT_DECLARATION', 'SITE_ADMIN', {
      actorId: personId,
      expectedStatus: values.expectedStatus,
    });
    const allowed = canSubmitDeclaration({
      status: worksite.status,
      locationType: worksite.locationType,
      reviewStateBeforeChanges: worksite.reviewStateBeforeChanges,
      declarationVersionDue: worksite.declarationVersionDue,
      latestSignedVersion: latest?.version.version ?? null,
      currentVersion: version.version,
    });
    if (!allowed.ok) throw new DomainError('INVALID_TRANSITION', allowed.reason);

    const file = await fileStore().put(tx, {
      bytes: image.bytes,
      contentType: image.contentType,
      filename: upload!.name,
      uploadedById: personId,
      width: image.width,
      height: image.height,
    });
    const signedOn = pacificDate(clock.now());
    const order = version.safeguards.map((s) => s.key);
    const flags = declarationFlags(values.answers, order);
    const declaration = await tx.declaration.create({
      data: {
        worksiteId: worksite.id,
        versionId: version.id,
        signerName: values.signerName,
        signerTitle: values.signerTitle,
        typedSignature: values.typedSignature,
        signedOn: new Date(`${signedOn}T00:00:00Z`),
        attestsSigningAuthority: true,
        antivirusFileId: file.id,
        submittedById: personId,
        hasFlaggedAnswers: flags.length > 0,
        answers: {
          create: order.map((key) => ({
            safeguardKey: key,
            answer: values.answers[key]!.answer === 'yes',
            explanation: values.answers[key]!.explanation,
          })),
        },
      },
    });

    const textOf = new Map(version.safeguards.map((s) => [s.key, s.text]));
    const data = {
      worksite: { id: worksite.id, worksiteCode: worksite.worksiteCode, legalName: worksite.legalName, operatingName: worksite.operatingName },
      version: { id: version.id, version: version.version, title: version.title },
      signer: {
        personId,
        name: values.signerName,
        title: values.signerTitle,
        typedSignature: values.typedSignature,
        attestsSigningAuthority: true,
        signedOn,
      },
      answers: order.map((key) => ({ key, text: textOf.get(key)!, ...values.answers[key]! })),
      antivirusFile: { id: file.id, sha256: file.sha256, size: file.size, contentType: image.contentType, width: image.width, height: image.height },
    };
    await writeSubmissionSnapshot(tx, {
      kind: 'DECLARATION',
      targetId: declaration.id,
      worksiteId: worksite.id,
      personId,
      data,
      submittedById: personId,
    });
    if (worksite.declarationVersionDue !== null) {
      await tx.worksite.update({ where: { id: worksite.id }, data: { declarationVersionDue: null } });
    }

    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'worksite.declaration_submitted',
      target: { type: 'DECLARATION', id: declaration.id },
      worksiteId: worksite.id,
      before: { status: worksite.status, declarationVersionDue: worksite.declarationVersionDue },
      after: {
        status: to,
        declarationVersionDue: null,
        version: version.version,
        antivirusFileId: file.id,
        antivirusSha256: file.sha256,
        flaggedItems: flags.map((f) => f.key),
      },
    });

    await enqueueNotices(tx, declarationReceivedNotices({
      worksite,
      declarationId: declaration.id,
      version: version.version,
      signerName: values.signerName,
      signedOn,
      stillActive: to === 'ACTIVE',
      siteAdmins: await siteAdminContacts(tx, worksite.id),
      flagged: flags.map((f) => ({ text: textOf.get(f.key)!, explanation: f.explanation })),
    }));

    return { declarationId: declaration.id, worksiteId: worksite.id, status: to, antivirusFileId: file.id, sha256: file.sha256 };
  });
}
