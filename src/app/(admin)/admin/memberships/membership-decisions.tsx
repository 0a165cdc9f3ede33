'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import type { MembershipStatus } from '@/generated/prisma/enums';
import { declineMembershipAction, provisionMembershipAction } from '@/server/memberships/provisioning-actions';
import { declineMembershipSchema, provisionSchema } from '@/server/memberships/provisioning-schema';

type Props = {
  membershipId: string;
  expectedStatus: MembershipStatus;
  personName: string;
  worksiteName: string;
  /** Why "Set up access" would be refused (no authorizer, no sponsor); the button is then left out. */
  warning: string | null;
};

/** "Set up access" and "Decline" for one queue row. The outcome stays on screen after the
 * refresh that takes the row out of the queue. */
export function MembershipDecisions({ membershipId, expectedStatus, personName, worksiteName, warning }: Props) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  // The answer is the outcome: the row shows it in place of the buttons, without a reload.
  const finish = (text: string) => setDone(text);

  const provision = useActionForm({
    schema: provisionSchema,
    action: async (v) => {
      const r = await provisionMembershipAction(v);
      setStale(!r.ok && r.code === 'ALREADY_DECIDED');
      return r;
    },
    defaultValues: { membershipId, expectedStatus },
    onSuccess: () => finish(`Access set up for ${personName} at ${worksiteName}. They were emailed.`),
  });
  const decline = useActionForm({
    schema: declineMembershipSchema,
    action: async (v) => {
      const r = await declineMembershipAction(v);
      setStale(!r.ok && r.code === 'ALREADY_DECIDED');
      return r;
    },
    defaultValues: { membershipId, expectedStatus, reason: '' },
    onSuccess: () => finish(`Membership declined for ${personName} at ${worksiteName}. They were emailed the reason.`),
  });

  if (done)
    return (
      <Notice tone="success" title="Decision recorded" headingLevel={3} className="mb-0">
        {done}
      </Notice>
    );

  const reasonId = `decline-reason-${membershipId}`;
  return (
    <div className="min-w-64 space-y-3">
      <FormError
        title={stale ? 'Someone else already decided this' : undefined}
        message={provision.formError ?? decline.formError}
        correlationId={provision.correlationId ?? decline.correlationId}
        className="mb-0"
      />
      {stale && (
        <Button variant="secondary" size="sm" onClick={() => router.refresh()}>
          Show where it stands now
        </Button>
      )}
      {warning ? (
        <p className="font-semibold text-warning-ink">{warning}</p>
      ) : (
        <form onSubmit={provision.onSubmit} noValidate>
          <input type="hidden" {...provision.form.register('membershipId')} />
          <input type="hidden" {...provision.form.register('expectedStatus')} />
          <Button type="submit" size="sm" pending={provision.pending} pendingText="Setting up…">
            Set up access<span className="sr-only"> for {personName} at {worksiteName}</span>
          </Button>
        </form>
      )}
      <details>
        <summary className="cursor-pointer text-link underline">
          Decline<span className="sr-only"> {personName} at {worksiteName}</span>
        </summary>
        <form onSubmit={decline.onSubmit} noValidate className="mt-2 space-y-3">
          <input type="hidden" {...decline.form.register('membershipId')} />
          <input type="hidden" {...decline.form.register('expectedStatus')} />
          <TextArea
            label="Reason for declining"
            hint="The person reads this in an email."
            rows={3}
            error={decline.form.formState.errors.reason?.message}
            {...decline.form.register('reason')}
            id={reasonId}
          />
          <Button type="submit" size="sm" variant="danger" pending={decline.pending} pendingText="Declining…">
            Decline membership
          </Button>
        </form>
      </details>
    </div>
  );
}
