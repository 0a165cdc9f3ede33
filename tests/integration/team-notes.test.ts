import { beforeEach, describe, expect, it, vi } from 'vitest';

// Who is signed in: the real session module reads it through getServerSession.
const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { db } from '@/server/db';
import { addNoteAction } from '@/server/notes/actions';
import { personTimeline } from '@/server/timeline/queries';
import { createEnrolment } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { callerOf, CALLERS, expectRefused, staffMember } from '../support/team';

beforeEach(() => {
  signedIn.id = null;
});

async function world() {
  const person = await ensurePerson(db(), { givenName: 'Pat', familyName: 'Noted' });
  const enrolment = await createEnrolment(db(), { personId: person.id });
  const worksite = await createWorksite(db(), { creatorId: person.id });
  return { person, enrolment, worksite };
}

const notesCount = () => db().note.count();

describe('addNoteAction by role', () => {
  for (const kind of CALLERS) {
    it(`${kind === 'NONE' ? 'a signed-in non-staff person' : kind}: ${kind === 'ENROLMENT_TEAM' ? 'adds the note' : 'is refused, nothing stored'}`, async () => {
      const { person } = await world();
      const caller = await callerOf(kind);
      signedIn.id = caller.id;
      const before = await notesCount();
      const r = await addNoteAction({
        targetType: 'PERSON',
        targetId: person.id,
        body: '  Called the college.  ',
        submissionKey: crypto.randomUUID(),
      });
      if (kind === 'ENROLMENT_TEAM') {
        expect(r.ok).toBe(true);
        const note = await db().note.findFirstOrThrow({ where: { targetId: person.id } });
        expect(note).toMatchObject({
          body: 'Called the college.',
          authorId: caller.id,
          personId: person.id,
          targetType: 'PERSON',
        });
        const audit = await db().auditEvent.findFirstOrThrow({
          where: { action: 'note.added', personId: person.id },
        });
        expect(audit).toMatchObject({
          actorId: caller.id,
          actorType: 'STAFF',
          targetType: 'PERSON',
          targetId: person.id,
        });
      } else {
        expectRefused(r, 'FORBIDDEN', /only .*enrolment team/i);
        expect(await notesCount()).toBe(before);
      }
    });
  }

  it('signed out: refused', async () => {
    const { person } = await world();
    expectRefused(
      await addNoteAction({
        targetType: 'PERSON',
        targetId: person.id,
        body: 'x',
        submissionKey: crypto.randomUUID(),
      }),
      'UNAUTHENTICATED',
    );
  });
});

describe('addNoteAction input and targets', () => {
  it('notes on an enrolment and on a worksite land on the right record', async () => {
    const { person, enrolment, worksite } = await world();
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    expect(
      (
        await addNoteAction({
          targetType: 'ENROLMENT',
          targetId: enrolment.id,
          body: 'Licence verified',
          submissionKey: crypto.randomUUID(),
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await addNoteAction({
          targetType: 'WORKSITE',
          targetId: worksite.id,
          body: 'Phoned the clinic',
          submissionKey: crypto.randomUUID(),
        })
      ).ok,
    ).toBe(true);
    expect(await db().note.findFirstOrThrow({ where: { targetType: 'ENROLMENT' } })).toMatchObject({
      targetId: enrolment.id,
      personId: person.id,
      worksiteId: null,
    });
    expect(await db().note.findFirstOrThrow({ where: { targetType: 'WORKSITE' } })).toMatchObject({
      targetId: worksite.id,
      worksiteId: worksite.id,
      personId: null,
    });
  });

  it('refuses an empty, whitespace-only or over-long body with a field message, and unknown fields', async () => {
    const { person } = await world();
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    for (const body of ['', '   \n ', 'x'.repeat(4001)]) {
      const r = await addNoteAction({
        targetType: 'PERSON',
        targetId: person.id,
        body,
        submissionKey: crypto.randomUUID(),
      });
      expectRefused(r, 'VALIDATION');
      if (!r.ok) expect(r.fieldErrors?.body).toMatch(/Write the note|4000/);
    }
    expect(
      (
        await addNoteAction({
          targetType: 'PERSON',
          targetId: person.id,
          body: 'x'.repeat(4000),
          submissionKey: crypto.randomUUID(),
        })
      ).ok,
    ).toBe(true);
    expectRefused(
      await addNoteAction({
        targetType: 'PERSON',
        targetId: person.id,
        body: 'ok',
        authorId: team.id,
        submissionKey: crypto.randomUUID(),
      }),
      'VALIDATION',
    );
    expectRefused(
      await addNoteAction({
        targetType: 'MEMBERSHIP',
        targetId: person.id,
        body: 'ok',
        submissionKey: crypto.randomUUID(),
      }),
      'VALIDATION',
    );
    expect(await db().note.count({ where: { targetId: person.id } })).toBe(1);
  });

  it('a forged id gets "not found" and stores nothing', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    expectRefused(
      await addNoteAction({
        targetType: 'WORKSITE',
        targetId: crypto.randomUUID(),
        body: 'probe',
        submissionKey: crypto.randomUUID(),
      }),
      'NOT_FOUND',
    );
    expect(await db().note.count({ where: { body: 'probe' } })).toBe(0);
  });

  it('markup is kept as plain text and reads back word for word in the timeline', async () => {
    const { person } = await world();
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    const body = '<script>alert(1)</script> & "quotes"';
    expect(
      (
        await addNoteAction({
          targetType: 'PERSON',
          targetId: person.id,
          body,
          submissionKey: crypto.randomUUID(),
        })
      ).ok,
    ).toBe(true);
    const [entry] = (await personTimeline(db(), person.id)).filter((e) => e.kind === 'note');
    expect(entry).toMatchObject({
      kind: 'note',
      body,
      author: `Sam ${team.person.legalFamilyName}`,
    });
  });
});

describe('own records', () => {
  it('refuses a note on my own person record, my own enrolment, and a worksite I belong to', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    const own = await createEnrolment(db(), { personId: team.id });
    const creator = await ensurePerson(db());
    const mine = await createWorksite(db(), { creatorId: creator.id });
    await addMember(db(), { worksiteId: mine.id, personId: team.id });
    signedIn.id = team.id;
    const before = await notesCount();
    expectRefused(
      await addNoteAction({
        targetType: 'PERSON',
        targetId: team.id,
        body: 'me',
        submissionKey: crypto.randomUUID(),
      }),
      'FORBIDDEN',
      /your own record/,
    );
    expectRefused(
      await addNoteAction({
        targetType: 'ENROLMENT',
        targetId: own.id,
        body: 'me',
        submissionKey: crypto.randomUUID(),
      }),
      'FORBIDDEN',
      /your own record/,
    );
    expectRefused(
      await addNoteAction({
        targetType: 'WORKSITE',
        targetId: mine.id,
        body: 'mine',
        submissionKey: crypto.randomUUID(),
      }),
      'FORBIDDEN',
      /worksite you belong to/,
    );
    expect(await notesCount()).toBe(before);
  });
});

describe('double submits', () => {
  it('the same form sent twice at once stores one note and one audit event, and both answers name it', async () => {
    const { person } = await world();
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    const input = { targetType: 'PERSON', targetId: person.id, body: 'Sent twice', submissionKey: crypto.randomUUID() };
    const [a, b] = await Promise.all([addNoteAction(input), addNoteAction(input)]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.data.noteId).toBe(b.data.noteId);
    expect(await db().note.count({ where: { targetId: person.id, body: 'Sent twice' } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: 'note.added', personId: person.id } })).toBe(1);
  });

  it('a key used by another staff member is refused, not answered with their note', async () => {
    const { person } = await world();
    const first = await staffMember(['ENROLMENT_TEAM']);
    const second = await staffMember(['ENROLMENT_TEAM']);
    const submissionKey = crypto.randomUUID();
    signedIn.id = first.id;
    expect((await addNoteAction({ targetType: 'PERSON', targetId: person.id, body: 'Mine', submissionKey })).ok).toBe(true);
    signedIn.id = second.id;
    expectRefused(await addNoteAction({ targetType: 'PERSON', targetId: person.id, body: 'Theirs', submissionKey }), 'CONFLICT');
    expect(await db().note.count({ where: { targetId: person.id } })).toBe(1);
  });
});
