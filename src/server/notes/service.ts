import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { claimKey, completeKey } from '../enrolments/idempotency';
import { refuseOwnRecord, requireTeamRole, type StaffCaller } from '../people/team-guard';
import type { RequestContext } from '../request-context';
import type { NoteTarget, NoteValues } from './schema';

type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that record.');

/** Who and where a note is about, for the own-record rule and for finding it in timelines. */
async function resolveTarget(tx: Tx, type: NoteTarget, id: string): Promise<{ personId: string | null; worksiteId: string | null }> {
  if (type === 'PERSON') {
    const p = await tx.person.findUnique({ where: { id }, select: { id: true } });
    if (!p) throw notFound();
    return { personId: p.id, worksiteId: null };
  }
  if (type === 'ENROLMENT') {
    const e = await tx.enrolment.findUnique({ where: { id }, select: { personId: true } });
    if (!e) throw notFound();
    return { personId: e.personId, worksiteId: null };
  }
  const w = await tx.worksite.findUnique({ where: { id }, select: { id: true } });
  if (!w) throw notFound();
  return { personId: null, worksiteId: w.id };
}

/** Adds a team note; audited with its length only (the note itself is in the Note table). */
export async function addNote(staff: StaffCaller, input: NoteValues, ctx: Ctx): Promise<{ noteId: string }> {
  requireTeamRole(staff, 'addNote');
  const body = input.body.trim();
  if (!body) throw new DomainError('VALIDATION', 'Write the note.', { body: 'Write the note.' });
  return db().$transaction(async (tx) => {
    const where = await resolveTarget(tx, input.targetType, input.targetId);
    await refuseOwnRecord(tx, staff.id, {
      personIds: where.personId ? [where.personId] : [],
      worksiteIds: where.worksiteId ? [where.worksiteId] : [],
    });
    const claim = await claimKey(tx, input.submissionKey, staff.id, 'note.add');
    if (!claim.claimed) return { noteId: claim.resultId };
    const note = await tx.note.create({
      data: { targetType: input.targetType, targetId: input.targetId, personId: where.personId, worksiteId: where.worksiteId, authorId: staff.id, body },
    });
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'note.added',
      target: { type: input.targetType, id: input.targetId },
      personId: where.personId,
      worksiteId: where.worksiteId,
      after: { noteId: note.id, length: body.length },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await completeKey(tx, input.submissionKey, note.id);
    return { noteId: note.id };
  });
}
