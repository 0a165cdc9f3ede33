import { describe, expect, it } from 'vitest';
import { assignToMe } from '@/server/assignments/service';
import { db } from '@/server/db';
import { enrolmentForTeam } from '@/server/enrolments/team-queries';
import { approveEnrolment, requestEnrolmentChanges } from '@/server/enrolments/team-service';
import { addNote } from '@/server/notes/service';
import { personForTeam } from '@/server/people/team-queries';
import { suspendPerson } from '@/server/people/team-service';
import { personTimeline, worksiteTimeline } from '@/server/timeline/queries';
import type { TimelineEntry } from '@/server/timeline/rules';
import { worksiteForTeam } from '@/server/worksites/team-queries';
import { suspendWorksite } from '@/server/worksites/team-service';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { ctx, staffMember } from '../support/team';
import { advance, fromNow, now } from '../support/clock';
import { displayName } from '@/lib/names';

const summary = (e: TimelineEntry): string => {
  switch (e.kind) {
    case 'status':
      return `status ${e.subject}: ${e.from ?? '∅'} → ${e.to} by ${e.actor}${e.reason ? ` (${e.reason})` : ''}`;
    case 'note':
      return `note by ${e.author}: ${e.body}`;
    case 'email':
      return `email ${e.template} ${e.state}`;
    case 'event':
      return `event ${e.action} by ${e.actor}`;
  }
};

async function markSent(template: string, personId: string, status: 'SENT' | 'DEAD') {
  await db().outboxEmail.updateMany({
    where: { template, personId },
    data: {
      status,
      sentAt: status === 'SENT' ? now() : null,
      attempts: status === 'DEAD' ? 8 : 1,
    },
  });
}

describe('a person’s timeline', () => {
  it('merges status changes with reasons and actors, notes, emails with their delivery state and significant events, newest first', async () => {
    const team = await staffMember(['ENROLMENT_TEAM'], 'Tess');
    const tess = `Tess ${team.person.legalFamilyName}`;
    const p = await ensurePerson(db(), { givenName: 'Pat', familyName: 'Timeline' });
    const enrolment = await createEnrolment(db(), {
      personId: p.id,
      statusChangedAt: fromNow(-(60_000)),
    });

    await assignToMe(team, { kind: 'ENROLMENT', id: enrolment.id }, ctx);
    await addNote(
      team,
      {
        targetType: 'ENROLMENT',
        targetId: enrolment.id,
        body: 'Licence number does not match the college register.',
        submissionKey: crypto.randomUUID(),
      },
      ctx,
    );
    await requestEnrolmentChanges(
      team,
      {
        enrolmentId: enrolment.id,
        expectedStatus: 'IN_REVIEW',
        reason: 'Please correct your licence number.',
      },
      ctx,
    );
    await markSent('enrolment.changes-requested', p.id, 'SENT');
    // The person resubmits and the portal puts it back in review (as the enrolment service does).
    await db().enrolment.update({ where: { id: enrolment.id }, data: { status: 'IN_REVIEW' } });
    await db().enrolmentStatusChange.create({
      data: {
        enrolmentId: enrolment.id,
        fromStatus: 'CHANGES_REQUESTED',
        toStatus: 'IN_REVIEW',
        actorId: null,
      },
    });
    await approveEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    await markSent('enrolment.approved', p.id, 'DEAD');
    // Routine noise stays out.
    await db().auditEvent.create({
      data: {
        actorType: 'PERSON',
        actorId: p.id,
        action: 'person.signed_in',
        targetType: 'PERSON',
        targetId: p.id,
        personId: p.id,
        prevHash: '',
        hash: `pending-${crypto.randomUUID()}`,
      },
    });

    const lines = (await personTimeline(db(), p.id)).map(summary);
    expect(lines).toEqual([
      'email enrolment.approved DEAD',
      `status Enrolment: In review → Approved by ${tess}`,
      'status Enrolment: Changes requested → In review by The portal',
      'email enrolment.changes-requested SENT',
      `status Enrolment: In review → Changes requested by ${tess} (Please correct your licence number.)`,
      `note by ${tess}: Licence number does not match the college register.`,
      `event assignment.assigned by ${tess}`,
      'status Enrolment: ∅ → In review by Pat Timeline',
    ]);
  });

  it('includes person status changes and membership changes with the worksite', async () => {
    const team = await staffMember(['AUDITOR']);
    const p = await ensurePerson(db(), { givenName: 'Mo', familyName: 'Member' });
    const creator = await ensurePerson(db());
    const w = await createWorksite(db(), {
      creatorId: creator.id,
      operatingName: 'Harbour Clinic',
    });
    const m = await createMembership(db(), {
      worksiteId: w.id,
      personId: p.id,
      status: 'PENDING_REVIEW',
    });
    await db().membershipStatusChange.create({
      data: {
        membershipId: m.id,
        fromStatus: 'REQUESTED',
        toStatus: 'PENDING_REVIEW',
        actorId: creator.id,
      },
    });
    await suspendPerson(team, { personId: p.id, reason: 'Card reported stolen.' }, ctx);
    const t = await personTimeline(db(), p.id);
    expect(t.filter((e) => e.kind === 'status').map(summary)).toEqual([
      `status Person: Active → Suspended by Sam ${team.person.legalFamilyName} (Card reported stolen.)`,
      `status Membership at Harbour Clinic (${w.worksiteCode}): Asked to join → Being set up by the enrolment team by ${creator.legalGivenName} ${creator.legalFamilyName}`,
    ]);
    expect(t.find((e) => e.kind === 'email')).toMatchObject({
      template: 'person.suspended',
      state: 'PENDING',
    });
  });
});

describe('viewing a person is audited', () => {
  it('the person page writes person.viewed_by_staff and shows it in the timeline; the enrolment page too', async () => {
    const auditor = await staffMember(['AUDITOR'], 'Aud');
    const p = await ensurePerson(db(), { givenName: 'Vi', familyName: 'Viewed' });
    const enrolment = await createEnrolment(db(), { personId: p.id });
    const v = await personForTeam(auditor, p.id, ctx);
    expect(v).not.toBeNull();
    const views = await db().auditEvent.findMany({
      where: { action: 'person.viewed_by_staff', personId: p.id },
    });
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      actorId: auditor.id,
      actorType: 'STAFF',
      requestId: ctx.requestId,
      ip: ctx.ip,
      targetId: p.id,
    });
    expect(v!.timeline.filter((e) => e.kind === 'event').map(summary)).toEqual([
      `event person.viewed_by_staff by Aud ${auditor.person.legalFamilyName}`,
    ]);
    // An auditor reads only: no note, no resend; suspend is theirs (SPEC §2).
    expect(v!.may).toEqual({ note: false, suspend: true, reinstate: false, resend: false });

    const e = await enrolmentForTeam(auditor, enrolment.id, ctx);
    expect(e!.timeline.map((x) => x.kind)).toContain('status');
    expect(
      await db().auditEvent.count({ where: { action: 'person.viewed_by_staff', personId: p.id } }),
    ).toBe(2);
  });

  it('an unknown or malformed id reads nothing and audits nothing', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    const before = await db().auditEvent.count({ where: { action: 'person.viewed_by_staff' } });
    expect(await personForTeam(team, crypto.randomUUID(), ctx)).toBeNull();
    expect(await personForTeam(team, 'not-an-id', ctx)).toBeNull();
    expect(await db().auditEvent.count({ where: { action: 'person.viewed_by_staff' } })).toBe(
      before,
    );
  });
});

describe('a worksite’s timeline', () => {
  it('has its status changes, notes, emails and membership changes, newest first', async () => {
    const team = await staffMember(['ENROLMENT_TEAM'], 'Tess');
    const admin = await ensurePerson(db(), { givenName: 'Maya', familyName: 'Manager' });
    const w = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE' });
    const m = await createMembership(db(), {
      worksiteId: w.id,
      personId: admin.id,
      siteAdmin: true,
    });
    await db().membershipStatusChange.create({
      data: {
        membershipId: m.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        actorId: admin.id,
        createdAt: fromNow(-(60_000)),
      },
    });
    await addNote(
      team,
      {
        targetType: 'WORKSITE',
        targetId: w.id,
        body: 'Antivirus screenshot checked.',
        submissionKey: crypto.randomUUID(),
      },
      ctx,
    );
    await suspendWorksite(
      team,
      { worksiteId: w.id, expectedStatus: 'ACTIVE', reason: 'Declaration out of date.' },
      ctx,
    );
    const lines = (await worksiteTimeline(db(), w.id)).map(summary);
    expect(lines[0]).toMatch(/^email worksite\..+ PENDING$/);
    expect(lines.slice(1)).toEqual([
      `status Worksite: Active → Suspended by Tess ${team.person.legalFamilyName} (Declaration out of date.)`,
      `note by Tess ${team.person.legalFamilyName}: Antivirus screenshot checked.`,
      `status Membership of Maya Manager: ∅ → Active by Maya Manager`,
    ]);
  });

  it('the worksite page carries the merged timeline; a member of the worksite may not note, assign or resend', async () => {
    const team = await staffMember(['ENROLMENT_TEAM'], 'Tess');
    const admin = await ensurePerson(db(), { givenName: 'Maya', familyName: 'Manager' });
    const w = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE' });
    await addNote(
      team,
      {
        targetType: 'WORKSITE',
        targetId: w.id,
        body: 'Checked.',
        submissionKey: crypto.randomUUID(),
      },
      ctx,
    );
    const view = await worksiteForTeam(team, w.id, ctx);
    expect(view!.mergedTimeline.map(summary)).toEqual([
      `note by Tess ${team.person.legalFamilyName}: Checked.`,
    ]);
    expect(view!.may).toEqual({ assign: true, note: true, resend: true });
    await createMembership(db(), { worksiteId: w.id, personId: team.id });
    expect((await worksiteForTeam(team, w.id, ctx))!.may).toEqual({
      assign: false,
      note: false,
      resend: false,
    });
  });
});

describe('a long timeline is paged', () => {
  it('shows the newest 50 and knows there are older ones; "show older" reads them all', async () => {
    const staff = await staffMember(['ENROLMENT_TEAM']);
    const author = displayName(staff.person);
    const person = await ensurePerson(db(), { givenName: 'Pat', familyName: 'Longhistory' });
    for (let i = 1; i <= 55; i++) {
      advance(1000);
      await addNote(staff, { targetType: 'PERSON', targetId: person.id, body: `Note ${i}`, submissionKey: crypto.randomUUID() }, ctx);
    }
    const newest = await personTimeline(db(), person.id);
    // One past the page: the page shows 50 and offers the rest.
    expect(newest).toHaveLength(51);
    expect(newest.slice(0, 2).map(summary)).toEqual([`note by ${author}: Note 55`, `note by ${author}: Note 54`]);
    const all = await personTimeline(db(), person.id, { older: true });
    expect(all.filter((e) => e.kind === 'note')).toHaveLength(55);
    expect(all.at(-1)).toMatchObject({ kind: 'note', body: 'Note 1' });
  });
});
