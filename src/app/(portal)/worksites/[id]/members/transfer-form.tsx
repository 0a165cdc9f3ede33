'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Notice, Select } from '@/components/ui';
import { transferSiteAdminAction } from '@/server/memberships/actions';
import { transferSchema } from '@/server/memberships/schema';

/** Pick a member, then confirm: the role moves and the current admin steps down in one step. */
export function TransferForm(p: {
  worksiteId: string;
  worksiteName: string;
  candidates: { membershipId: string; name: string }[];
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const state = useActionForm({
    schema: transferSchema,
    action: transferSiteAdminAction,
    defaultValues: { worksiteId: p.worksiteId, membershipId: '' },
    onSuccess: () => router.push(`/worksites/${p.worksiteId}/members?transferred=1`),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const chosen = p.candidates.find((c) => c.membershipId === form.watch('membershipId'));

  return (
    <ActionForm state={state} className="max-w-xl">
      <Select
        label="Member who will take over"
        placeholder="Choose a member"
        options={p.candidates.map((c) => ({ value: c.membershipId, label: c.name }))}
        {...field('membershipId', { onChange: () => setConfirming(false) })}
        id="transfer-membershipId"
      />
      {!confirming ? (
        <Button
          variant="secondary"
          onClick={async () => {
            if (await form.trigger('membershipId')) setConfirming(true);
          }}
        >
          Continue
        </Button>
      ) : (
        <Notice
          tone="warning"
          title="You will stop being a site administrator"
          headingLevel={3}
          role="alert"
        >
          <p className="mb-3">
            {chosen?.name ?? 'The member you chose'} becomes a site administrator of{' '}
            {p.worksiteName}, and you stay a member without the site administrator role. Only a site
            administrator can give it back to you.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={pending} pendingText="Transferring…">
              Transfer the role and step down
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </Notice>
      )}
    </ActionForm>
  );
}
