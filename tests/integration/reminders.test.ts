// The reminder scheduler (SPEC §16): what lands in the outbox and for whom, each reminder exactly
// once however many schedulers run at once, and a crashed lease holder that blocks only until
// its lease expires.
import { describe, expect, it } from 'vitest';
import { pacificDate } from '@/lib/business-days';
import { peopleAwaitingAgreement } from '@/server/agreements/queries';
import { db } from '@/server/db';
import { reminderNotice } from '@/server/email/templates/reminders';
import { noticeEmails } from '@/server/notify';
import { takeLease } from '@/server/reminders/lease';
import { addDays } from '@/server/reminders/rules';
import { REMINDER_LEASE, REMINDER_LEASE_MS, runReminders } from '@/server/reminders/service';
import { personTimeline } from '@/server/timeline/queries';
import { acceptHpcaa } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, now, setNow } from '../support/clock';

const DAY = 86_400_000;
const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

async function viewerAccount(personId: string, expiresAt: Date) {
  return db().viewerAccount.create({
    data: { personId, username: `u${personId.replace(/-/g, '').slice(-12)}`, passwordHash: '$argon2id$test', passwordSetAt: new Date(expiresAt.getTime() - 90 * DAY), passwordExpiresAt: expiresAt },
  });
}

const outboxFor = (personId: string) =>
  db().outboxEmail.findMany({ where: { personId, template: { startsWith: 'reminder.' } }, orderBy: [{ createdAt: 'asc' }, { toAddress: 'asc' }] });

describe('HPCAA acceptance running out', () => {
  it('emails the person 30 days before, once, and the team sees it on their timeline', async () => {
    const p = await ensurePerson(db(), { givenName: 'Hana', familyName: 'Expiring', email: 'hana@example.com' });
    await acceptHpcaa(db(), { personId: p.id, acceptedAt: at('2025-02-10T23:30:00-08:00') }); // expires 2026-02-10 Pacific

    // 23:30 Pacific on 10 January: 31 days left on the Pacific calendar (already the 11th in UTC).
    setNow(at('2026-01-10T23:30:00-08:00'));
    await runReminders({ holder: 'one' });
    expect(await outboxFor(p.id)).toEqual([]);

    setNow(at('2026-01-11T00:01:00-08:00'));
    expect(await runReminders({ holder: 'one' })).toMatchObject({ ran: true, sent: 1 });
    expect(await runReminders({ holder: 'two' })).toMatchObject({ ran: true, sent: 0 });
    const mails = await outboxFor(p.id);
    expect(mails.map((m) => [m.toAddress, m.template, m.subject])).toEqual([
      ['hana@example.com', 'reminder.hpcaa-expiring', 'Your CareConnect access agreement must be accepted again on February 10, 2026'],
    ]);
    expect(mails[0]!.textBody).toContain('counts until the end of February 9, 2026');

    const timeline = await personTimeline(db(), p.id);
    expect(timeline.some((e) => e.kind === 'event' && e.label === 'Reminder sent: access agreement (HPCAA) runs out soon')).toBe(true);
    expect(timeline.some((e) => e.kind === 'email' && e.template === 'reminder.hpcaa-expiring')).toBe(true);

    // A newer acceptance starts afresh: the old one's reminders stop.
    await acceptHpcaa(db(), { personId: p.id, acceptedAt: at('2026-01-20T10:00:00-08:00') });
    setNow(at('2026-01-28T09:00:00-08:00'));
    await runReminders({ holder: 'one' });
    expect(await outboxFor(p.id)).toHaveLength(1);
  });
});

describe('a locum ending', () => {
  it('reminds the locum and every site admin once, one email per address, 7 days before the end', async () => {
    setNow(at('2026-03-01T09:00:00-08:00'));
    const admin = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Admin', email: 'office@harbour.example' });
    const second = await ensurePerson(db(), { givenName: 'Ben', familyName: 'Admin', email: 'office@harbour.example' });
    const gone = await ensurePerson(db(), { givenName: 'Gil', familyName: 'Gone', email: 'gil@harbour.example' });
    const member = await ensurePerson(db(), { givenName: 'Mo', familyName: 'Member', email: 'mo@harbour.example' });
    const locum = await ensurePerson(db(), { givenName: 'Lou', familyName: 'Locum', email: 'lou@locum.example' });
    const ws = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE', operatingName: 'Harbour Clinic' });
    await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    await createMembership(db(), { worksiteId: ws.id, personId: second.id, siteAdmin: true });
    await createMembership(db(), { worksiteId: ws.id, personId: gone.id, siteAdmin: true, status: 'INACTIVE' });
    await createMembership(db(), { worksiteId: ws.id, personId: member.id });
    // The locum is a site admin too: one email, the locum's own.
    const m = await createMembership(db(), { worksiteId: ws.id, personId: locum.id, siteAdmin: true, locum: true });
    await db().membership.update({ where: { id: m.id }, data: { locumEndDate: at('2026-03-15T00:00:00Z') } }); // last day 15 March

    setNow(at('2026-03-08T23:59:00-07:00')); // 8 March, daylight time: 7 full days are left after today
    await runReminders({ holder: 'one' });
    expect(await outboxFor(locum.id)).toEqual([]);

    setNow(at('2026-03-09T00:00:30-07:00'));
    expect(await runReminders({ holder: 'one' })).toMatchObject({ sent: 1 });
    await runReminders({ holder: 'two' });
    const mails = await outboxFor(locum.id);
    expect(mails.map((x) => [x.toAddress, x.subject]).sort()).toEqual([
      ['lou@locum.example', 'Your locum at Harbour Clinic ends after March 15, 2026'],
      ['office@harbour.example', "Lou Locum's locum at Harbour Clinic ends after March 15, 2026"],
    ]);
    expect(mails.every((x) => x.worksiteId === ws.id)).toBe(true);
    const row = await db().reminderSent.findFirstOrThrow({ where: { personId: locum.id } });
    expect(row).toMatchObject({ kind: 'locum-ending', threshold: 7, dueOn: '2026-03-09', recipients: 2 });

    // The end date moved: a new reminder for the new date; the old one is not repeated.
    await db().membership.update({ where: { id: m.id }, data: { locumEndDate: at('2026-03-20T00:00:00Z') } });
    setNow(at('2026-03-14T08:00:00-07:00'));
    expect(await runReminders({ holder: 'one' })).toMatchObject({ sent: 1 });
    expect(await outboxFor(locum.id)).toHaveLength(4);

    // After the last day, nothing more.
    setNow(at('2026-03-21T08:00:00-07:00'));
    await runReminders({ holder: 'one' });
    expect(await outboxFor(locum.id)).toHaveLength(4);
  });
});

describe('two schedulers at once', () => {
  it('send each reminder exactly once over many rounds, even when both hold the lease', async () => {
    const start = at('2026-05-01T09:00:00-07:00');
    setNow(start);
    const people = [];
    // Expiring in 16, 15, 10, 5 and 2 days: one first seen 10 days ahead gets the 14-day reminder
    // at once (saying 10 days), then 7 and 1; one first seen 2 days ahead gets 7, then 1.
    const expected: Record<number, number[]> = { 16: [14, 7, 1], 15: [14, 7, 1], 10: [14, 7, 1], 5: [7, 1], 2: [7, 1] };
    for (const days of Object.keys(expected).map(Number)) {
      for (let i = 0; i < 3; i++) {
        const p = await ensurePerson(db(), { givenName: 'Vic', familyName: `Viewer${days}x${i}` });
        await viewerAccount(p.id, new Date(start.getTime() + days * DAY));
        people.push({ id: p.id, days });
      }
    }
    let sent = 0;
    for (let round = 0; round < 18; round++) {
      setNow(new Date(start.getTime() + round * DAY));
      // leaseMs 0: each takes the lease even though the other holds it, as after a lost lease.
      const results = await Promise.all([
        runReminders({ holder: 'a', leaseMs: 0 }),
        runReminders({ holder: 'b', leaseMs: 0 }),
        runReminders({ holder: 'c' }),
        runReminders({ holder: 'd' }),
      ]);
      sent += results.reduce((n, r) => n + r.sent, 0);
      advance(6 * 3_600_000);
      sent += (await Promise.all([runReminders({ holder: 'a' }), runReminders({ holder: 'b' })])).reduce((n, r) => n + r.sent, 0);
    }
    const ids = people.map((p) => p.id);
    const rows = await db().reminderSent.findMany({ where: { personId: { in: ids } } });
    const mails = await db().outboxEmail.findMany({ where: { personId: { in: ids }, template: 'reminder.viewer-password-expiring' } });
    const total = people.reduce((n, p) => n + expected[p.days]!.length, 0);
    expect(rows).toHaveLength(total);
    expect(mails).toHaveLength(total);
    expect(sent).toBe(total);
    for (const p of people) {
      expect(rows.filter((r) => r.personId === p.id).map((r) => r.threshold).sort((x, y) => y - x), `expiring in ${p.days} days`).toEqual(expected[p.days]);
    }
  });
});

describe('the lease', () => {
  it('a crashed holder blocks the others only until its lease expires', async () => {
    setNow(at('2026-08-03T09:00:00-07:00'));
    const p = await ensurePerson(db(), { givenName: 'Cal', familyName: 'Crash', email: 'cal@example.com' });
    await viewerAccount(p.id, at('2026-08-04T12:00:00-07:00'));
    // A holder took the lease and died without giving it back.
    expect(await takeLease(REMINDER_LEASE, 'crashed-instance', now(), REMINDER_LEASE_MS)).toBe(true);

    expect(await runReminders({ holder: 'next' })).toEqual({ ran: false, sent: 0, failed: 0 });
    advance(REMINDER_LEASE_MS - MINUTE);
    expect(await runReminders({ holder: 'next' })).toEqual({ ran: false, sent: 0, failed: 0 });
    expect(await outboxFor(p.id)).toEqual([]);

    advance(MINUTE + 1000);
    expect(await runReminders({ holder: 'next' })).toEqual({ ran: true, sent: 1, failed: 0 });
    expect((await outboxFor(p.id)).map((m) => [m.toAddress, m.template])).toEqual([['cal@example.com', 'reminder.viewer-password-expiring']]);
    // A finished run gives the lease back: another instance runs at once.
    expect(await runReminders({ holder: 'other' })).toMatchObject({ ran: true });
    const lease = await db().lease.findUniqueOrThrow({ where: { name: REMINDER_LEASE } });
    expect(lease.holder).toBe('other');
  });
});

// Last: it publishes HPCAA version 2 for everyone in this file's database.
describe('a new agreement version awaiting acceptance', () => {
  it('reminds those who must accept it 7 days before their access would pause, once', async () => {
    setNow(at('2026-09-01T09:00:00-07:00'));
    const p = await ensurePerson(db(), { givenName: 'Ava', familyName: 'Awaiting', email: 'ava@example.com' });
    await acceptHpcaa(db(), { personId: p.id, acceptedAt: at('2026-08-01T09:00:00-07:00') });
    await db().agreementVersion.create({
      data: { kind: 'HPCAA', version: 2, title: 'HPCAA version 2', body: 'Terms\nThe new text.', publishedAt: now(), effectiveAt: at('2026-09-02T00:00:00-07:00'), reacceptRequired: true, graceDays: 21 },
    });
    setNow(at('2026-09-03T09:00:00-07:00'));
    const mine = (await peopleAwaitingAgreement(now())).find((w) => w.personId === p.id)!;
    expect(mine).toMatchObject({ version: 2 });
    const weekBefore = addDays(pacificDate(mine.acceptBy), -7);

    setNow(at(`${addDays(weekBefore, -1)}T23:30:00-07:00`));
    await runReminders({ holder: 'one' });
    expect(await outboxFor(p.id)).toEqual([]);
    setNow(at(`${weekBefore}T00:30:00-07:00`));
    // Everyone earlier in this file who accepted version 1 is asked too.
    expect((await runReminders({ holder: 'one' })).sent).toBeGreaterThanOrEqual(1);
    await runReminders({ holder: 'two' });
    const mails = await outboxFor(p.id);
    expect(mails.map((m) => [m.toAddress, m.template])).toEqual([['ava@example.com', 'reminder.agreement-awaiting']]);
    expect(mails[0]!.textBody).toContain('(version 2)');
    expect(await db().reminderSent.findFirstOrThrow({ where: { personId: p.id } })).toMatchObject({ threshold: 7, dueOn: weekBefore });
  });
});

describe('reminder emails', () => {
  const base = { personId: 'p1', to: { email: 'lou@example.com', name: 'Lou Locum', personId: 'p1' }, key: 'k' };
  // The outbox row a reminder becomes.
  const reminderEmail = (e: Parameters<typeof reminderNotice>[0]) => noticeEmails([reminderNotice(e)])[0]!;

  it('say what ends, when, and what to do', () => {
    const admin = reminderEmail({ ...base, kind: 'locum-ending', endsOn: '2027-01-16', daysLeft: 7, worksite: { id: 'w1', name: 'Harbour Clinic' }, aboutName: 'Lou Locum', to: { email: 'ada@example.com', name: 'Ada Admin', personId: 'p2' } });
    expect(admin.text).toContain('change the end date on the members page');
    expect(admin.text).toContain('/worksites/w1/members');
    expect(admin.personId).toBe('p1'); // filed under the locum, for the team's timeline

    const password = reminderEmail({ ...base, kind: 'viewer-password-expiring', endsOn: '2027-01-01', daysLeft: 1 });
    expect(password.subject).toBe('Your CareConnect viewer password expires on January 1, 2027');
    expect(password.text).toContain('expires in 1 day');
    expect(password.text).toContain('/viewer-account');

    const agreement = reminderEmail({ ...base, kind: 'agreement-awaiting', endsOn: '2027-02-01', daysLeft: 7, agreementVersion: 2 });
    expect(agreement.subject).toBe('Accept the new CareConnect access agreement by January 31, 2027');
    expect(agreement.text).toContain('(version 2)');
    expect(agreement.text).toContain('in 7 days');
  });
});
