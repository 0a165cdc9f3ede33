// Every rule that depends on time, asked at each trap instant (a weekend, 23:30 Pacific, a
// statutory holiday, the daylight-time switches, New Year's Eve), with its inputs made relative
// to that same instant: the answer must not depend on when the suite runs.
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, isBusinessDay, pacificDate } from '@/lib/business-days';
import { addCalendarMonths, hpcaaExpiresOn, hpcaaState, pacificDateOf } from '@/server/agreements/rules';
import { sessionEndReason } from '@/server/auth/rules';
import { expectedDecision } from '@/server/enrolments/progress';
import { invitationExpiresAt, invitationState } from '@/server/invitations/rules';
import { effectiveMembership, isPastEndDate } from '@/server/sponsorships/rules';
import { TRAP_CASES } from '../support/clock';

const MIN = 60_000;
const DAY = 86_400_000;
/** A date-only column value (UTC midnight) for a YYYY-MM-DD Pacific date. */
const dateColumn = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
/** The Pacific calendar date `n` days from `ymd`. */
const shiftDate = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);

describe.each(TRAP_CASES)('time rules at %s', (_name, now) => {
  const today = pacificDate(now);

  it('reads today as the Pacific calendar date, whatever the UTC date is', () => {
    expect(pacificDateOf(now)).toBe(today);
    const utcHours = now.getUTCHours();
    // 23:30 Pacific is already tomorrow in UTC; the rules must still say today.
    if (utcHours < 8) expect(now.toISOString().slice(0, 10)).not.toBe(today);
  });

  it('expects an enrolment decision 5 to 7 business days after it entered review', () => {
    const { from, to } = expectedDecision(now);
    expect(businessDaysBetween(now, from)).toBe(5);
    expect(businessDaysBetween(now, to)).toBe(7);
    expect(isBusinessDay(from) && isBusinessDay(to)).toBe(true);
  });

  it('keeps an HPCAA acceptance for 12 calendar months, to the Pacific day', () => {
    const acceptedToday = { versionNumber: 1, acceptedAt: now };
    expect(hpcaaState({ acceptance: acceptedToday, requiredVersion: 1, now })).toBe('accepted');
    expect(hpcaaExpiresOn(now)).toBe(addCalendarMonths(today, 12));
    // Accepted on this Pacific date a year ago (at noon): expired today; a day later: still good.
    const yearAgo = addCalendarMonths(today, -12);
    const noonPacific = (ymd: string) => new Date(`${ymd}T20:00:00Z`);
    const lastYear = { versionNumber: 1, acceptedAt: noonPacific(yearAgo) };
    const dayLater = { versionNumber: 1, acceptedAt: noonPacific(shiftDate(yearAgo, 1)) };
    expect(hpcaaExpiresOn(lastYear.acceptedAt)).toBe(today);
    expect(hpcaaState({ acceptance: lastYear, requiredVersion: 1, now })).toBe('expired');
    expect(hpcaaState({ acceptance: dayLater, requiredVersion: 1, now })).toBe('accepted');
    expect(hpcaaState({ acceptance: acceptedToday, requiredVersion: 2, now })).toBe('superseded');
  });

  it('expires an invitation exactly 14 days after it was sent', () => {
    const sentJustUnder = { status: 'PENDING' as const, expiresAt: invitationExpiresAt(new Date(now.getTime() - 14 * DAY + MIN)) };
    const sentExactly = { status: 'PENDING' as const, expiresAt: invitationExpiresAt(new Date(now.getTime() - 14 * DAY)) };
    expect(invitationState(sentJustUnder, now)).toBe('PENDING');
    expect(invitationState(sentExactly, now)).toBe('EXPIRED');
    expect(invitationState({ ...sentExactly, status: 'ACCEPTED' }, now)).toBe('ACCEPTED');
  });

  it('ends a session after 30 idle minutes or at its absolute end, to the millisecond', () => {
    const open = { expires: new Date(now.getTime() + 1), absoluteEnd: new Date(now.getTime() + 12 * 60 * MIN), endedAt: null };
    expect(sessionEndReason(open, 'ACTIVE', now)).toBeNull();
    expect(sessionEndReason({ ...open, expires: now }, 'ACTIVE', now)).toBe('IDLE');
    expect(sessionEndReason({ ...open, absoluteEnd: now }, 'ACTIVE', now)).toBe('ABSOLUTE');
  });

  it('counts a locum or a residency through its end date (Pacific) and not a day after', () => {
    expect(isPastEndDate(dateColumn(today), now)).toBe(false);
    expect(isPastEndDate(dateColumn(shiftDate(today, -1)), now)).toBe(true);
    const member = (locumEndDate: Date) =>
      effectiveMembership({
        membership: { status: 'ACTIVE', kind: 'INDEPENDENT', isLocum: true, locumEndDate },
        enrolment: { profession: 'PHYSICIAN', residencyEnd: null },
        activeSponsorships: 0,
        now,
      });
    expect(member(dateColumn(today))).toEqual({ status: 'ACTIVE', reason: null });
    expect(member(dateColumn(shiftDate(today, -1)))).toEqual({ status: 'ENDED', reason: 'LOCUM_ENDED' });
    const resident = (residencyEnd: Date) =>
      effectiveMembership({
        membership: { status: 'ACTIVE', kind: 'ON_BEHALF_OF', isLocum: false, locumEndDate: null },
        enrolment: { profession: 'RESIDENT_PHYSICIAN', residencyEnd },
        activeSponsorships: 1,
        now,
      });
    expect(resident(dateColumn(today)).status).toBe('ACTIVE');
    expect(resident(dateColumn(shiftDate(today, -1)))).toEqual({ status: 'ENDED', reason: 'RESIDENCY_ENDED' });
  });
});
