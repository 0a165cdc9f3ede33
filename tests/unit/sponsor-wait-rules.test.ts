import { describe, expect, it } from 'vitest';
import {
  NO_AUTHORIZER_AT_WORKSITE,
  sponsorWait,
  sponsorWaitText,
  sponsorWaitTextForMember,
} from '@/server/sponsorships/rules';
import { fromNow, TRAPS } from '../support/clock';

const DAY = 86_400_000;
const early = fromNow(-5 * DAY);
const late = fromNow(-2 * DAY);
const asked = (at: Date, sponsorQualifies = true) => ({ at, sponsorQualifies });

describe('sponsorWait', () => {
  it.each([
    ['nobody can sponsor, nobody asked', 0, [], 'NO_AUTHORIZER', null],
    // A request to someone who has since stopped qualifying does not hide the dead end.
    ['nobody can sponsor, an old request is open', 0, [asked(early, false)], 'NO_AUTHORIZER', null],
    ['nobody can sponsor, even with a request to a qualifying person elsewhere counted', 0, [asked(early)], 'NO_AUTHORIZER', null],
    ['sponsors exist, nobody asked', 2, [], 'NOT_ASKED', null],
    ['sponsors exist, only a request to someone who no longer qualifies', 1, [asked(early, false)], 'NOT_ASKED', null],
    ['one sponsor asked', 1, [asked(late)], 'SPONSOR_ASKED', late],
    ['two asked: waiting since the first', 3, [asked(late), asked(early)], 'SPONSOR_ASKED', early],
    ['asked one who no longer qualifies and one who does', 2, [asked(early, false), asked(late)], 'SPONSOR_ASKED', late],
  ] as const)('%s', (_name, authorizers, openRequests, reason, askedAt) => {
    expect(sponsorWait({ authorizers, openRequests })).toEqual({ reason, askedAt });
  });
});

describe('what people read', () => {
  it('tells the team and the site admin that an authorizer must enrol first', () => {
    expect(sponsorWaitText({ reason: 'NO_AUTHORIZER', askedAt: null })).toBe(NO_AUTHORIZER_AT_WORKSITE);
    expect(NO_AUTHORIZER_AT_WORKSITE).toMatch(/physician, nurse practitioner or registered nurse.*enrol and be approved/);
    expect(sponsorWaitText({ reason: 'NOT_ASKED', askedAt: null })).toMatch(/Nobody has been asked/);
  });

  it('dates a request on its Pacific day', () => {
    // Wednesday 23:30 Pacific is already Thursday in UTC.
    const at = TRAPS.weekdayLate;
    expect(sponsorWaitText({ reason: 'SPONSOR_ASKED', askedAt: at })).toContain('2026-03-04');
    expect(sponsorWaitTextForMember({ reason: 'SPONSOR_ASKED', askedAt: at })).toContain('2026-03-04');
  });

  it('does not tell the person to ask a physician when nobody there can sponsor', () => {
    const none = sponsorWaitTextForMember({ reason: 'NO_AUTHORIZER', askedAt: null });
    expect(none).not.toMatch(/^Ask a physician/);
    expect(none).toMatch(/must enrol in the portal and be approved first/);
    expect(none).toMatch(/site administrator/);
    expect(sponsorWaitTextForMember({ reason: 'NOT_ASKED', askedAt: null })).toMatch(/^Ask a physician/);
  });
});
