import { describe, expect, it } from 'vitest';
import type { EnrolmentStatus } from '@/generated/prisma/enums';
import {
  ENROLMENT_ACTORS,
  ENROLMENT_EVENTS,
  ENROLMENT_REASON_REQUIRED,
  ENROLMENT_STATUSES,
  enrolmentStatusDescription,
  enrolmentStatusLabel,
  enrolmentTransition,
  lockedFieldChanges,
  mayRequestProfessionChange,
  personMayEditForm,
  professionLocked,
  submitEvent,
  type EnrolmentActor,
  type EnrolmentEvent,
} from '@/server/enrolments/rules';
import { now } from '../support/clock';

// The allowed cells of SPEC §7, written out by hand: (from, event, actor) → to. Every other cell
// of the state × event × actor table must be refused.
const ALLOWED: [EnrolmentStatus, EnrolmentEvent, EnrolmentActor, EnrolmentStatus][] = [
  ['DRAFT', 'SUBMIT', 'PERSON', 'SUBMITTED'],
  ['SUBMITTED', 'START_REVIEW', 'SYSTEM', 'IN_REVIEW'],
  ['IN_REVIEW', 'APPROVE', 'ENROLMENT_TEAM', 'APPROVED'],
  ['IN_REVIEW', 'DECLINE', 'ENROLMENT_TEAM', 'DECLINED'],
  ['IN_REVIEW', 'REQUEST_CHANGES', 'ENROLMENT_TEAM', 'CHANGES_REQUESTED'],
  ['CHANGES_REQUESTED', 'RESUBMIT', 'PERSON', 'SUBMITTED'],
  ['APPROVED', 'SUSPEND', 'ENROLMENT_TEAM', 'SUSPENDED'],
  ['APPROVED', 'SUSPEND', 'AUDITOR', 'SUSPENDED'],
  ['SUSPENDED', 'REINSTATE', 'ENROLMENT_TEAM', 'APPROVED'],
  ['SUSPENDED', 'REINSTATE', 'AUDITOR', 'APPROVED'],
];

const allowed = new Map(ALLOWED.map(([f, e, a, to]) => [`${f}|${e}|${a}`, to]));

describe('enrolmentTransition: every state × event × actor', () => {
  const cells = ENROLMENT_STATUSES.flatMap((s) => ENROLMENT_EVENTS.flatMap((e) => ENROLMENT_ACTORS.map((a) => [s, e, a] as const)));

  it('covers 7 states × 8 events × 4 actors', () => {
    expect(cells).toHaveLength(7 * 8 * 4);
  });

  it.each(cells)('%s + %s by %s', (from, event, actor) => {
    const expected = allowed.get(`${from}|${event}|${actor}`);
    const t = enrolmentTransition(from, event, actor);
    if (expected) {
      expect(t).toEqual({ ok: true, to: expected });
    } else {
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.reason).toMatch(/not allowed|cannot be done while the enrolment is/);
    }
  });

  it('a wrong actor is told they may not, a wrong state is told which state it is in', () => {
    expect(enrolmentTransition('IN_REVIEW', 'APPROVE', 'AUDITOR')).toEqual({ ok: false, reason: 'You are not allowed to do this.' });
    expect(enrolmentTransition('APPROVED', 'APPROVE', 'ENROLMENT_TEAM')).toEqual({
      ok: false,
      reason: 'This cannot be done while the enrolment is approved.',
    });
  });

  it('DECLINED is final: nothing leaves it', () => {
    for (const e of ENROLMENT_EVENTS) for (const a of ENROLMENT_ACTORS) expect(enrolmentTransition('DECLINED', e, a).ok).toBe(false);
  });

  it('reasons are required for decline, request changes and suspend only', () => {
    expect([...ENROLMENT_REASON_REQUIRED].sort()).toEqual(['DECLINE', 'REQUEST_CHANGES', 'SUSPEND']);
  });
});

describe('the form and the profession lock', () => {
  it('the person may edit the form before submitting and when the team asked for changes, never otherwise', () => {
    const editable = [null, ...ENROLMENT_STATUSES].filter(personMayEditForm);
    expect(editable).toEqual([null, 'DRAFT', 'CHANGES_REQUESTED']);
  });

  it('the submit button means SUBMIT first, RESUBMIT after changes were requested, nothing otherwise', () => {
    expect(submitEvent(null)).toBe('SUBMIT');
    expect(submitEvent('DRAFT')).toBe('SUBMIT');
    expect(submitEvent('CHANGES_REQUESTED')).toBe('RESUBMIT');
    for (const s of ['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'DECLINED', 'SUSPENDED'] as const) expect(submitEvent(s)).toBeNull();
  });

  it('the profession is locked once submitted, and only then', () => {
    expect(professionLocked(null)).toBe(false);
    expect(professionLocked({ professionLockedAt: null })).toBe(false);
    expect(professionLocked({ professionLockedAt: now() })).toBe(true);
  });

  it('lockedFieldChanges names the locked fields a form would change', () => {
    const cur = { profession: 'PHYSICIAN' as const, licenceNumber: '12345' };
    expect(lockedFieldChanges(cur, { profession: 'PHYSICIAN', licenceNumber: '12345' })).toEqual([]);
    expect(lockedFieldChanges(cur, { profession: 'RESIDENT_PHYSICIAN', licenceNumber: '12345' })).toEqual(['profession']);
    expect(lockedFieldChanges(cur, { profession: 'PHYSICIAN', licenceNumber: '54321' })).toEqual(['licenceNumber']);
    expect(lockedFieldChanges(cur, { profession: 'MEDICAL_OFFICE_ASSISTANT', licenceNumber: null })).toEqual(['profession', 'licenceNumber']);
  });

  it('a profession change request needs a locked profession and an enrolment that is not declined', () => {
    const at = now();
    expect(mayRequestProfessionChange(null)).toBe(false);
    expect(mayRequestProfessionChange({ professionLockedAt: null, status: 'DRAFT' })).toBe(false);
    for (const s of ['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED', 'SUSPENDED'] as const) {
      expect(mayRequestProfessionChange({ professionLockedAt: at, status: s }), s).toBe(true);
    }
    expect(mayRequestProfessionChange({ professionLockedAt: at, status: 'DECLINED' })).toBe(false);
  });

  it('every status has a label and a description', () => {
    for (const s of ENROLMENT_STATUSES) {
      expect(enrolmentStatusLabel(s)).toMatch(/^[A-Z]/);
      expect(enrolmentStatusDescription(s).length).toBeGreaterThan(20);
    }
    expect(enrolmentStatusDescription(null)).toMatch(/not started/);
  });
});
