import { describe, expect, it } from 'vitest';
import {
  auditActionLabel,
  compareNewestFirst,
  isSignificantAuditAction,
  mayResendEmail,
  mergeTimeline,
  type TimelineEntry,
} from '@/server/timeline/rules';

const at = (m: number) => new Date(Date.UTC(2026, 0, 5, 17, m));
const status = (id: string, m: number): TimelineEntry => ({ kind: 'status', id, at: at(m), subject: 'Enrolment', from: 'In review', to: 'Approved', reason: null, actor: 'Tessa' });
const note = (id: string, m: number): TimelineEntry => ({ kind: 'note', id, at: at(m), about: 'Enrolment', author: 'Tessa', body: 'Checked.' });
const email = (id: string, m: number): TimelineEntry => ({
  kind: 'email',
  id,
  at: at(m),
  subject: 'Welcome',
  to: 'a@example.com',
  template: 'enrolment.approved',
  state: 'SENT',
  sentAt: at(m),
  attempts: 1,
  lastError: null,
});
const event = (id: string, m: number): TimelineEntry => ({ kind: 'event', id, at: at(m), action: 'assignment.assigned', label: 'Assigned', actor: 'Tessa' });

const ids = (l: TimelineEntry[]) => l.map((e) => `${e.kind}:${e.id}`);

describe('mergeTimeline', () => {
  it('puts the newest first across sources', () => {
    expect(ids(mergeTimeline([status('s1', 1), status('s2', 5)], [note('n1', 3)], [email('e1', 6)], [event('a1', 2)]))).toEqual([
      'email:e1',
      'status:s2',
      'note:n1',
      'event:a1',
      'status:s1',
    ]);
  });

  it('orders rows of one transaction (same instant) as audit, email, status, note from the top', () => {
    expect(ids(mergeTimeline([note('n', 4)], [status('s', 4)], [email('e', 4)], [event('a', 4)]))).toEqual(['event:a', 'email:e', 'status:s', 'note:n']);
  });

  it('breaks remaining ties by id, newest (largest UUIDv7) first', () => {
    expect(ids(mergeTimeline([status('0190-a', 4), status('0190-b', 4)]))).toEqual(['status:0190-b', 'status:0190-a']);
  });

  it('drops the same row read twice', () => {
    expect(ids(mergeTimeline([note('n', 1)], [note('n', 1)]))).toEqual(['note:n']);
  });

  it('is a consistent order (antisymmetric)', () => {
    const a = status('x', 1);
    const b = email('y', 1);
    expect(Math.sign(compareNewestFirst(a, b))).toBe(-Math.sign(compareNewestFirst(b, a)));
    expect(mergeTimeline([])).toEqual([]);
  });
});

describe('repeated views', () => {
  const view = (id: string, m: number, actor = 'Tessa'): TimelineEntry => ({ kind: 'event', id, at: at(m), action: 'person.viewed_by_staff', label: 'Details viewed by staff', actor });
  const show = (l: TimelineEntry[]) => l.map((e) => (e.kind === 'event' ? `${e.id} ${e.label} by ${e.actor}` : `${e.kind}:${e.id}`));

  it('a run of views by one person shows once, the newest, with a count', () => {
    expect(show(mergeTimeline([view('v1', 1), view('v2', 2), view('v3', 3)]))).toEqual(['v3 Details viewed by staff (3 times) by Tessa']);
  });

  it('views by different people, or with something between, stay apart', () => {
    expect(show(mergeTimeline([view('v1', 1), view('v2', 2, 'Aaron'), note('n', 3), view('v4', 4), view('v5', 5)]))).toEqual([
      'v5 Details viewed by staff (2 times) by Tessa',
      'note:n',
      'v2 Details viewed by staff by Aaron',
      'v1 Details viewed by staff by Tessa',
    ]);
  });

  it('other events never merge', () => {
    expect(show(mergeTimeline([event('a1', 1), event('a2', 2)]))).toEqual(['a2 Assigned by Tessa', 'a1 Assigned by Tessa']);
  });
});

describe('significant audit events', () => {
  const table: [string, boolean][] = [
    ['assignment.assigned', true],
    ['assignment.unassigned', true],
    ['email.resent', true],
    ['person.viewed_by_staff', true],
    ['enrolment.profession_change_applied', true],
    ['privacy_course.recorded_by_staff', true],
    ['sponsorship.ended', true],
    ['remote_access.approved', true],
    ['pharmanet.worksite_requested', true],
    ['person.contact_email_change_requested', true],
    ['person.contact_email_confirmed', true],
    ['staff.role_invitation_accepted', true],
    // Shown from the status history, which carries reason and actor.
    ['enrolment.approved', false],
    ['worksite.suspended', false],
    ['person.suspended', false],
    // Routine noise.
    ['access.decided', false],
    ['person.signed_in', false],
    ['worksite.viewed_by_staff', false],
    ['file.viewed', false],
    ['note.added', false],
  ];
  for (const [action, shown] of table) {
    it(`${action}: ${shown ? 'shown' : 'not shown'}`, () => expect(isSignificantAuditAction(action)).toBe(shown));
  }
});

describe('labels and resending', () => {
  it('labels known actions from the table and others from their name', () => {
    expect(auditActionLabel('person.viewed_by_staff')).toBe('Details viewed by staff');
    expect(auditActionLabel('remote_access.approved')).toBe('Remote access approved');
  });

  it('resends only emails that left the queue', () => {
    expect(mayResendEmail('SENT')).toBe(true);
    expect(mayResendEmail('DEAD')).toBe(true);
    expect(mayResendEmail('PENDING')).toBe(false);
  });
});
