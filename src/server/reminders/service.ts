import 'server-only';
import { pacificDate } from '@/lib/business-days';
import { clock } from '@/lib/clock';
import { audit } from '../audit';
import { db } from '../db';
import { reminderNotice } from '../email/templates/reminders';
import { log } from '../log';
import { enqueueNotices } from '../notify';
import { releaseLease, takeLease } from './lease';
import { CANDIDATE_SOURCES, type Candidate } from './queries';
import { distinctRecipients, dueReminder, THRESHOLDS, type DueReminder, type ReminderKind } from './rules';

// The reminder scheduler's run (docs/decisions/029-reminders.md): under the lease, find what is
// due and send each reminder in its own transaction: the ReminderSent row (unique per person,
// subject and threshold) and its emails commit together, and the emails are queued only when
// the row was new, so a second instance or a restart sends nothing twice.

export const REMINDER_LEASE = 'reminders';
export const REMINDER_LEASE_MS = 5 * 60_000;
const RENEW_EVERY = 50;

export type RunResult = { ran: boolean; sent: number; failed: number };

const keyOf = (personId: string, subject: string, threshold: number) => `${personId}|${subject}|${threshold}`;

/** Sends one reminder unless it was already sent; true when this call sent it. */
export async function sendReminder(c: Candidate, due: DueReminder, now: Date): Promise<boolean> {
  const recipients = distinctRecipients(c.recipients);
  return db().$transaction(async (tx) => {
    const { count } = await tx.reminderSent.createMany({
      data: [{ personId: c.personId, kind: c.kind, subject: c.subject, threshold: due.threshold, dueOn: due.dueOn, recipients: recipients.length, sentAt: now }],
      skipDuplicates: true, // ON CONFLICT DO NOTHING: already sent by another run
    });
    if (count === 0) return false;
    await enqueueNotices(
      tx,
      recipients.map((to) =>
        reminderNotice({
          kind: c.kind,
          personId: c.personId,
          to,
          endsOn: c.endsOn,
          daysLeft: due.daysLeft,
          key: `reminder:${c.personId}:${c.subject}:${due.threshold}:${to.personId}`,
          worksite: c.worksite ?? null,
          aboutName: to.aboutName,
          agreementVersion: c.agreementVersion,
        }),
      ),
    );
    // The person's timeline shows this event (and the emails, filed under the same person).
    await audit(tx, {
      actor: { type: 'SYSTEM', label: 'Reminder scheduler' },
      action: `reminder.${c.kind.replace(/-/g, '_')}`,
      target: c.target,
      personId: c.personId,
      worksiteId: c.worksite?.id ?? null,
      after: { threshold: due.threshold, endsOn: c.endsOn, daysLeft: due.daysLeft, emails: recipients.length },
    });
    return true;
  });
}

/** What is due now and not sent yet, for the given kinds. */
export async function dueReminders(now: Date, kinds: readonly ReminderKind[] = Object.keys(THRESHOLDS) as ReminderKind[]) {
  const today = pacificDate(now);
  const found: { candidate: Candidate; due: DueReminder }[] = [];
  for (const kind of kinds) {
    try {
      for (const candidate of await CANDIDATE_SOURCES[kind](now)) {
        const due = dueReminder(THRESHOLDS[kind], candidate.endsOn, today);
        if (due && candidate.recipients.length > 0) found.push({ candidate, due });
      }
    } catch (e) {
      // One kind failing (a query, a missing table during a rollout) must not stop the others.
      log.warn('reminders.kind_failed', { kind, error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (found.length === 0) return found;
  const sent = await db().reminderSent.findMany({
    where: { subject: { in: [...new Set(found.map((f) => f.candidate.subject))] } },
    select: { personId: true, subject: true, threshold: true },
  });
  const done = new Set(sent.map((s) => keyOf(s.personId, s.subject, s.threshold)));
  return found.filter((f) => !done.has(keyOf(f.candidate.personId, f.candidate.subject, f.due.threshold)));
}

/** One run: takes the lease (or returns at once), sends what is due, gives the lease back. */
export async function runReminders(opts: { holder: string; now?: Date; leaseMs?: number }): Promise<RunResult> {
  const now = opts.now ?? clock.now();
  const leaseMs = opts.leaseMs ?? REMINDER_LEASE_MS;
  if (!(await takeLease(REMINDER_LEASE, opts.holder, now, leaseMs))) return { ran: false, sent: 0, failed: 0 };
  const result: RunResult = { ran: true, sent: 0, failed: 0 };
  try {
    const due = await dueReminders(now);
    for (const [i, { candidate, due: d }] of due.entries()) {
      // A long run keeps its lease; one that lost it stops (the unique key would still hold).
      if (i > 0 && i % RENEW_EVERY === 0 && !(await takeLease(REMINDER_LEASE, opts.holder, clock.now(), leaseMs))) break;
      try {
        if (await sendReminder(candidate, d, now)) result.sent++;
      } catch (e) {
        result.failed++;
        log.warn('reminders.send_failed', { kind: candidate.kind, personId: candidate.personId, error: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await releaseLease(REMINDER_LEASE, opts.holder, now).catch(() => {});
  }
  return result;
}
