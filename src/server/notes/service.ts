import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { utcInstant } from '../prepared';
import { Prisma } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { db } from '../db';
import { pacificMinute } from '@/lib/pacific';
import { claimKey } from '../enrolments/idempotency';
import { refuseConflictOfInterest, requireDecider, type StaffCaller } from '../decisions';
import { TEAM_CONFLICT_MESSAGES } from '../people/team-rules';
import type { AuditContext } from '../request-context';
import { uuid7 } from './ids';
import type { NoteTarget, NoteValues } from './schema';

const ABOUT: Record<NoteTarget, string> = {
  PERSON: 'Person',
  ENROLMENT: 'Enrolment',
  WORKSITE: 'Worksite',
};

const notFound = () => new DomainError('NOT_FOUND', 'We could not find that record.');

// Who and where a note is about, read in the statement that stores it: the note's target row
// is the one the SELECT finds, so a missing target stores nothing.
const TARGET: Record<NoteTarget, Prisma.Sql> = {
  PERSON: Prisma.sql`SELECT id AS "personId", NULL::uuid AS "worksiteId" FROM "Person" WHERE id = `,
  ENROLMENT: Prisma.sql`SELECT "personId", NULL::uuid AS "worksiteId" FROM "Enrolment" WHERE id = `,
  WORKSITE: Prisma.sql`SELECT NULL::uuid AS "personId", id AS "worksiteId" FROM "Worksite" WHERE id = `,
};

export type AddedNote = {
  noteId: string;
  note: { id: string; at: Date; when: string; author: string; about: string; body: string };
};

/**
 * Adds a team note; audited with its length only (the note itself is in the Note table).
 * Four statements in one transaction (claim, store, audit, and the own-record check only for a
 * worksite): a note is the team's most frequent action (docs/decisions/027-round-trip-budget.md).
 */
export async function addNote(
  staff: StaffCaller & { displayName?: string },
  input: NoteValues,
  ctx: AuditContext,
): Promise<AddedNote> {
  requireDecider(staff, 'team.note');
  const body = input.body.trim();
  if (!body) throw new DomainError('VALIDATION', 'Write the note.', { body: 'Write the note.' });
  const now = clock.now();
  const id = uuid7(now);
  const answer = (noteId: string): AddedNote => ({
    noteId,
    note: {
      id: noteId,
      at: now,
      when: pacificMinute(now),
      author: staff.displayName ?? 'You',
      about: ABOUT[input.targetType],
      body,
    },
  });
  return db().$transaction(async (tx) => {
    // The key is claimed with its result: a repeat submission finds this note's id once committed.
    const { count } = await tx.idempotencyKey.createMany({
      data: [{ key: input.submissionKey, personId: staff.id, action: 'note.add', resultId: id }],
      skipDuplicates: true,
    });
    if (count === 0) {
      const claim = await claimKey(tx, input.submissionKey, staff.id, 'note.add');
      if (!claim.claimed) return answer(claim.resultId);
      await tx.idempotencyKey.update({
        where: { key: input.submissionKey },
        data: { resultId: id },
      });
    }
    const [where] = await tx.$queryRaw<{ personId: string | null; worksiteId: string | null }[]>`
      INSERT INTO "Note" (id, "targetType", "targetId", "personId", "worksiteId", "authorId", body, "createdAt")
      SELECT ${id}::uuid, ${input.targetType}::"RecordType", ${input.targetId}::uuid, t."personId", t."worksiteId", ${staff.id}::uuid, ${body},
             ${utcInstant(now)}
      FROM (${TARGET[input.targetType]}${input.targetId}::uuid) t
      RETURNING "personId", "worksiteId"`;
    if (!where) throw notFound();
    await refuseConflictOfInterest(tx, staff.id, where, TEAM_CONFLICT_MESSAGES);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'note.added',
      target: { type: input.targetType, id: input.targetId },
      personId: where.personId,
      worksiteId: where.worksiteId,
      after: { noteId: id, length: body.length },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return answer(id);
  });
}
