'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, RadioGroup } from '@/components/ui';
import { requestSponsorshipAction } from '@/server/sponsorships/actions';
import { requestSponsorshipSchema } from '@/server/sponsorships/schema';

/** The on-behalf-of user picks an authorizer at this worksite and asks them. */
export function RequestSponsorForm(p: {
  worksiteId: string;
  authorizers: { membershipId: string; name: string; professionLabel: string }[];
}) {
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: requestSponsorshipSchema,
    action: requestSponsorshipAction,
    defaultValues: { worksiteId: p.worksiteId, sponsorMembershipId: '' },
    onSuccess: (_, v) => {
      setSent(p.authorizers.find((a) => a.membershipId === v.sponsorMembershipId)?.name ?? 'They');
      form.reset({ worksiteId: p.worksiteId, sponsorMembershipId: '' });
      router.refresh();
    },
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl">
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      {sent && (
        <p role="status" className="mb-4 font-semibold text-success-ink">
          Request sent. {sent} will get an email and can accept or decline.
        </p>
      )}
      <input type="hidden" {...form.register('worksiteId')} />
      <RadioGroup
        legend="Who will sponsor you?"
        hint="Only fully enrolled physicians, nurse practitioners and registered nurses who are active at this worksite are listed."
        options={p.authorizers.map((a) => ({ value: a.membershipId, label: a.name, hint: a.professionLabel }))}
        error={e.sponsorMembershipId?.message}
        {...form.register('sponsorMembershipId')}
      />
      <Button type="submit" pending={pending} pendingText="Sending…">
        Ask to sponsor me
      </Button>
    </form>
  );
}
