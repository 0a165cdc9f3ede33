'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import type { ActionResult } from '@/lib/action-result';
import { answerSponsorshipAction, endSponsorshipAction } from '@/server/sponsorships/actions';
import type { SponsorshipEvent } from '@/server/sponsorships/rules';

type Spec = {
  label: string;
  run: (id: string) => Promise<ActionResult<unknown>>;
  confirm?: (name: string) => string;
  done: (name: string) => string;
  variant: 'primary' | 'secondary';
};

const SPECS: Record<SponsorshipEvent, Spec> = {
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
    variant: 'secondary',
  },
  END: {
    label: 'End sponsorship',
    run: (sponsorshipId) => endSponsorshipAction({ sponsorshipId }),
    confirm: () =>
      'End this sponsorship? If it is the last one, access at this worksite stops at once.',
    done: () => 'The sponsorship has ended.',
    variant: 'secondary',
  },
};

/** Accept / Decline / End for one sponsorship; dangerous steps ask a second time. */
export function SponsorshipButtons(p: {
  sponsorshipId: string;
  name: string;
  actions: SponsorshipEvent[];
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<Spec | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (spec: Spec) =>
    startTransition(async () => {
      setOutcome(null);
      let r: ActionResult<unknown>;
      try {
        r = await spec.run(p.sponsorshipId);
      } catch {
        r = { ok: false, code: 'UNEXPECTED', formError: 'Something went wrong. Please try again.' };
      }
      setConfirming(null);
      setOutcome(
        r.ok
          ? { ok: true, message: spec.done(p.name) }
          : { ok: false, message: r.formError ?? 'Something went wrong. Please try again.', correlationId: r.correlationId },
      );
      if (r.ok) router.refresh();
    });

  if (p.actions.length === 0 && !outcome) return null;
  return (
    <div className="space-y-2">
      {outcome && !outcome.ok && <FormError message={outcome.message} correlationId={outcome.correlationId} />}
      {outcome?.ok && (
        <p role="status" className="font-semibold text-success-ink">
          {outcome.message}
        </p>
      )}
      {confirming ? (
        <div className="rounded border-2 border-warning bg-warning-bg p-3">
          <p className="mb-2">{confirming.confirm!(p.name)}</p>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="danger" pending={pending} pendingText="Working…" onClick={() => run(confirming)}>
              Yes, {confirming.label.toLowerCase()}
              <span className="sr-only"> — {p.name}</span>
            </Button>
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setConfirming(null)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {p.actions.map((a) => {
            const s = SPECS[a];
            return (
              <Button
                key={a}
                size="sm"
                variant={s.variant}
                disabled={pending}
                aria-busy={pending || undefined}
                onClick={() => {
                  setOutcome(null);
                  if (s.confirm) setConfirming(s);
                  else run(s);
                }}
              >
                {s.label}
                <span className="sr-only"> — {p.name}</span>
              </Button>
            );
          })}
        </div>
      )}
    </div>
  );
}
