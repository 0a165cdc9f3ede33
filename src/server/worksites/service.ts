import 'server-only';
import type { Prisma, Worksite } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { audit, byPerson, changedFields } from '../audit';
import { db, type Tx } from '../db';
import { intakeReceivedNotice, intakeResubmittedNotice } from '../email/templates/worksite-intake';
import { log } from '../log';
import { canonicalJson, writeSubmissionSnapshot } from '../submission-snapshot';
import { enqueueNotices } from '../notify';
import type { RequestContext } from '../request-context';
import { limitWorksiteRegistrations } from '../throttle/limits';
import { requireSiteAdmin } from './access';
import { generateWorksiteCode } from './code';
import type { IntakeValues, ResubmitIntakeValues } from './schema';
import { changeWorksiteStatus } from './status';

export type RegisterDeps = {
  /** Replaceable so tests can force a Worksite ID collision. */
  generateCode?: () => string;
};

export type IntakeResult = { worksiteId: string; worksiteCode: string; replayed: boolean };

const CODE_ATTEMPTS = 10;
const REGISTER = 'worksite.register';
const RESUBMIT = 'worksite.resubmit';

const usedKey = () =>
  new DomainError(
    'CONFLICT',
    'This form was already submitted. Reload the page and fill it in again.',
  );

/**
 * Claims an idempotency key inside the caller's transaction. ON CONFLICT DO NOTHING waits for a
 * concurrent holder of the same key: once it commits, the loser sees its result and returns that.
 */
async function claimKey(tx: Tx, key: string, personId: string, action: string) {
  const { count } = await tx.idempotencyKey.createMany({
    data: [{ key, personId, action }],
    skipDuplicates: true,
  });
  if (count === 1) return { claimed: true as const };
  const row = await tx.idempotencyKey.findUnique({ where: { key } });
  // A key bound to someone else (or to another form) is never answered with its result.
  if (!row || row.personId !== personId || row.action !== action || !row.resultId) throw usedKey();
  return { claimed: false as const, resultId: row.resultId };
}

const completeKey = (tx: Tx, key: string, resultId: string) =>
  tx.idempotencyKey.update({ where: { key }, data: { resultId } });

/** Sorted keys at every level, so the same submission always hashes the same. */
const snapshotIntake = (tx: Tx, worksiteId: string, personId: string, data: IntakeValues) =>
  writeSubmissionSnapshot(tx, { kind: 'WORKSITE_INTAKE', targetId: worksiteId, worksiteId, submittedById: personId, data });

// The intake fields that are worksite columns (expected users and the key are stored apart).
const INTAKE_COLUMNS = [
  'legalName',
  'operatingName',
  'locationType',
  'roleContext',
  'street',
  'city',
  'province',
  'postalCode',
  'phone',
  'email',
  'emrVendor',
] as const satisfies readonly (keyof Worksite & keyof IntakeValues)[];

function pick<T, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

const worksiteFields = (v: IntakeValues) => pick(v, INTAKE_COLUMNS);

/**
 * Inserts the worksite under a fresh Worksite ID. ON CONFLICT DO NOTHING turns a taken code into
 * "no row" instead of an error, so the transaction stays usable and the next code is tried.
 */
async function insertWithUniqueCode(
  tx: Tx,
  data: Omit<Prisma.WorksiteCreateManyInput, 'worksiteCode'>,
  generate: () => string,
): Promise<Worksite> {
  for (let attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
    const worksiteCode = generate();
    const [created] = await tx.worksite.createManyAndReturn({
      data: [{ ...data, worksiteCode }],
      skipDuplicates: true,
    });
    if (created) return created;
    log.warn('worksite code collision', { attempt });
  }
  throw new Error(`No free Worksite ID after ${CODE_ATTEMPTS} attempts`);
}

const contactOf = (p: { contactEmail: string | null; idpEmail: string | null }) =>
  p.contactEmail ?? p.idpEmail;

/** SPEC §5: any signed-in person registers a worksite and becomes its first site admin. */
export async function registerWorksite(
  personId: string,
  input: IntakeValues,
  ctx: RequestContext,
  deps: RegisterDeps = {},
): Promise<IntakeResult> {
  const generate = deps.generateCode ?? (() => generateWorksiteCode());
  return db().$transaction(async (tx) => {
    const key = `${REGISTER}:${input.submissionKey}`;
    const claim = await claimKey(tx, key, personId, REGISTER);
    if (!claim.claimed) {
      const w = await tx.worksite.findUnique({ where: { id: claim.resultId } });
      if (!w) throw usedKey();
      return { worksiteId: w.id, worksiteCode: w.worksiteCode, replayed: true };
    }

    // Each registration emails an acknowledgement and gives the team work (docs/security.md).
    await limitWorksiteRegistrations(tx, personId, clock.now());
    const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    const worksite = await insertWithUniqueCode(
      tx,
      { ...worksiteFields(input), status: 'INTAKE_SUBMITTED', createdById: personId },
      generate,
    );
    await tx.worksiteStatusChange.create({
      data: {
        worksiteId: worksite.id,
        fromStatus: null,
        toStatus: 'INTAKE_SUBMITTED',
        actorId: personId,
      },
    });
    const membership = await tx.membership.create({
      data: {
        personId,
        worksiteId: worksite.id,
        status: 'ACTIVE',
        kind: 'INDEPENDENT',
        isSiteAdmin: true,
      },
    });
    await tx.membershipStatusChange.create({
      data: {
        membershipId: membership.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        reason: 'Registered the worksite',
        actorId: personId,
      },
    });
    if (input.expectedUsers.length) {
      await tx.expectedUser.createMany({
        data: input.expectedUsers.map((u) => ({
          worksiteId: worksite.id,
          name: u.name,
          email: u.email,
          profession: u.profession,
        })),
      });
    }
    const snapshot = await snapshotIntake(tx, worksite.id, personId, input);
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'worksite.registered',
      target: { type: 'WORKSITE', id: worksite.id },
      worksiteId: worksite.id,
      personId,
      after: {
        worksiteCode: worksite.worksiteCode,
        ...worksiteFields(input),
        status: worksite.status,
        expectedUsers: input.expectedUsers.length,
        snapshotId: snapshot.id,
        snapshotSha256: snapshot.sha256,
      },
    });
    // Someone without a contact address still gets the acknowledgement, at the worksite's address.
    const to = { to: contactOf(person) ?? worksite.email, personId };
    await enqueueNotices(tx, [intakeReceivedNotice(worksite, to)]);
    await completeKey(tx, key, worksite.id);
    return { worksiteId: worksite.id, worksiteCode: worksite.worksiteCode, replayed: false };
  });
}

const FIELD_WORDS: Record<string, string> = {
  legalName: 'legal name',
  operatingName: 'operating name',
  locationType: 'location type',
  roleContext: 'role context',
  street: 'street address',
  city: 'city',
  province: 'province',
  postalCode: 'postal code',
  phone: 'phone',
  email: 'worksite email',
  emrVendor: 'EMR vendor',
  expectedUsers: 'expected users',
};

type ExpectedUserValue = IntakeValues['expectedUsers'][number];
const sameUsers = (a: ExpectedUserValue[], b: ExpectedUserValue[]) =>
  canonicalJson(a) === canonicalJson(b);

/**
 * A site admin corrects the registration after the team asked for changes to the intake. Legal
 * name and address are editable here (unlike settings), because the team asked for them.
 */
export async function resubmitIntake(
  personId: string,
  input: ResubmitIntakeValues,
  ctx: RequestContext,
): Promise<IntakeResult> {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    const key = `${RESUBMIT}:${input.submissionKey}`;
    const claim = await claimKey(tx, key, personId, RESUBMIT);
    if (!claim.claimed) {
      if (claim.resultId !== worksite.id) throw usedKey();
      return { worksiteId: worksite.id, worksiteCode: worksite.worksiteCode, replayed: true };
    }
    await changeWorksiteStatus(tx, worksite, 'RESUBMIT_INTAKE', 'SITE_ADMIN', {
      actorId: personId,
      expectedStatus: input.expectedStatus,
    });

    const { worksiteId: _w, expectedStatus: _s, ...values } = input;
    const fields = worksiteFields(values);
    const oldUsers = await tx.expectedUser.findMany({
      where: { worksiteId: worksite.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const before = {
      ...pick(worksite, INTAKE_COLUMNS),
      expectedUsers: oldUsers.map((u) => ({
        name: u.name,
        email: u.email,
        profession: u.profession,
      })),
    };
    const diff = changedFields(before, { ...fields, expectedUsers: values.expectedUsers });

    const updated = await tx.worksite.update({ where: { id: worksite.id }, data: fields });
    if (!sameUsers(before.expectedUsers, values.expectedUsers)) {
      // Nobody is invited before the worksite is active, so the list can simply be replaced.
      await tx.expectedUser.deleteMany({ where: { worksiteId: worksite.id } });
      await tx.expectedUser.createMany({
        data: values.expectedUsers.map((u) => ({
          worksiteId: worksite.id,
          name: u.name,
          email: u.email,
          profession: u.profession,
        })),
      });
    }
    const snapshot = await snapshotIntake(tx, worksite.id, personId, values);
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'worksite.intake_resubmitted',
      target: { type: 'WORKSITE', id: worksite.id },
      worksiteId: worksite.id,
      personId,
      before: { status: worksite.status, ...diff.before },
      after: {
        status: 'INTAKE_SUBMITTED',
        ...diff.after,
        snapshotId: snapshot.id,
        snapshotSha256: snapshot.sha256,
      },
    });
    await enqueueNotices(tx, [intakeResubmittedNotice(updated, {
      changedFields: Object.keys(diff.after).map((k) => FIELD_WORDS[k] ?? k),
      snapshotId: snapshot.id,
    })]);
    await completeKey(tx, key, worksite.id);
    return { worksiteId: worksite.id, worksiteCode: worksite.worksiteCode, replayed: false };
  });
}
