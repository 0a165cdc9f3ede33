import { describe, expect, it } from 'vitest';
import type { SponsorshipStatus } from '@/generated/prisma/enums';
import {
  isOpenSponsorship,
  sponsorshipActionsFor,
  sponsorshipTransition,
  type SponsorshipActor,
  type SponsorshipEvent,
} from '@/server/sponsorships/rules';

const STATES: SponsorshipStatus[] = ['REQUESTED', 'ACTIVE', 'DECLINED', 'ENDED'];
const EVENTS: SponsorshipEvent[] = ['ACCEPT', 'DECLINE', 'END'];
const ACTORS: SponsorshipActor[] = ['OBO', 'AUTHORIZER', 'OTHER'];

// The only allowed moves; everything else in state × event × actor must be refused.
const ALLOWED: Record<string, SponsorshipStatus> = {
  'REQUESTED ACCEPT AUTHORIZER': 'ACTIVE',
  'REQUESTED DECLINE AUTHORIZER': 'DECLINED',
  'ACTIVE END OBO': 'ENDED',
  'ACTIVE END AUTHORIZER': 'ENDED',
};

describe('sponsorshipTransition', () => {
  const cases = STATES.flatMap((s) => EVENTS.flatMap((e) => ACTORS.map((a) => [s, e, a] as const)));
  it.each(cases)('%s + %s by %s', (state, event, actor) => {
    const d = sponsorshipTransition(state, event, actor);
    const expected = ALLOWED[`${state} ${event} ${actor}`];
    if (expected) expect(d).toEqual({ ok: true, to: expected });
    else expect(d.ok).toBe(false);
  });

  it('hides the sponsorship from anyone outside the pair', () => {
    for (const s of STATES)
      for (const e of EVENTS) expect(sponsorshipTransition(s, e, 'OTHER')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('the sponsored user cannot answer their own request', () => {
    expect(sponsorshipTransition('REQUESTED', 'ACCEPT', 'OBO')).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('a second answer is "already decided"', () => {
    expect(sponsorshipTransition('ACTIVE', 'ACCEPT', 'AUTHORIZER')).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    expect(sponsorshipTransition('DECLINED', 'DECLINE', 'AUTHORIZER')).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('only an active sponsorship can be ended', () => {
    for (const s of ['REQUESTED', 'DECLINED', 'ENDED'] as const)
      expect(sponsorshipTransition(s, 'END', 'AUTHORIZER')).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('offers the buttons that fit', () => {
    expect(sponsorshipActionsFor('REQUESTED', 'AUTHORIZER')).toEqual(['ACCEPT', 'DECLINE']);
    expect(sponsorshipActionsFor('REQUESTED', 'OBO')).toEqual([]);
    expect(sponsorshipActionsFor('ACTIVE', 'OBO')).toEqual(['END']);
    expect(sponsorshipActionsFor('ENDED', 'AUTHORIZER')).toEqual([]);
  });

  it('REQUESTED and ACTIVE are open; DECLINED and ENDED are not', () => {
    expect(STATES.filter(isOpenSponsorship)).toEqual(['REQUESTED', 'ACTIVE']);
  });
});
