'use client';
import { ChoiceButtons, type Choice } from '@/components/forms/choice-buttons';
import { answerSponsorshipAction, endSponsorshipAction } from '@/server/sponsorships/actions';
import type { SponsorshipEvent } from '@/server/sponsorships/rules';

const CHOICES: Record<SponsorshipEvent, Choice<string>> = {
  ACCEPT: {
    label: 'Accept',
    run: (sponsorshipId) => answerSponsorshipAction({ sponsorshipId, decision: 'accept' }),
    done: (n) => `You now sponsor ${n}.`,
    variant: 'primary',
  },
  DECLINE: {
    label: 'Decline',
    run: (sponsorshipId) => answerSponsorshipAction({ sponsorshipId, decision: 'decline' }),
    confirm: (n) => `Decline ${n}'s request? They will be told and can ask someone else.`,
    done: (n) => `You declined ${n}'s request.`,
  },
  END: {
    label: 'End sponsorship',
    run: (sponsorshipId) => endSponsorshipAction({ sponsorshipId }),
    confirm: () =>
      'End this sponsorship? If it is the last one, access at this worksite stops at once.',
    done: () => 'The sponsorship has ended.',
  },
};

/** Accept / Decline / End for one sponsorship; dangerous steps ask a second time. */
export function SponsorshipButtons(p: {
  sponsorshipId: string;
  name: string;
  actions: SponsorshipEvent[];
}) {
  return (
    <ChoiceButtons
      choices={p.actions.map((a) => CHOICES[a])}
      input={p.sponsorshipId}
      name={p.name}
    />
  );
}
