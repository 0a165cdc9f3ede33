'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, Fieldset, FormError, Notice, TextField } from '@/components/ui';
import { acceptAgreementAction } from '@/server/agreements/actions';
import { acceptAgreementSchema, type AcceptAgreementInput } from '@/server/agreements/schema';

export function AgreementForm({
  versionId,
  version,
  title,
  legalName,
  displayName,
}: {
  versionId: string;
  version: number;
  title: string;
  legalName: string;
  displayName: string;
}) {
  const router = useRouter();
  const [lastCode, setLastCode] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: acceptAgreementSchema,
    action: async (values: AcceptAgreementInput) => {
      const r = await acceptAgreementAction(values);
      setLastCode(r.ok ? null : r.code);
      return r;
    },
    defaultValues: { versionId, agreed: false, typedName: '' },
    onSuccess: () => {
      setAccepted(true);
      router.refresh();
    },
  });
  const e = form.formState.errors;
  const names = legalName === displayName ? legalName : `${legalName} (or ${displayName})`;

  if (accepted) {
    return <Notice tone="success" title="Thank you. Your acceptance is recorded." />;
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl">
      <FormErrorSummary errors={e} />
      <FormError
        title={lastCode === 'CONFLICT' ? 'The agreement changed while you were reading' : undefined}
        message={formError}
        correlationId={correlationId}
      />
      {lastCode === 'CONFLICT' && (
        <p className="mb-6">
          <Button variant="secondary" onClick={() => router.refresh()}>
            Show the new version
          </Button>
        </p>
      )}
      <input type="hidden" {...form.register('versionId')} />
      <Fieldset legend="Accept the agreement" legendSize="md">
        <Checkbox
          label={`I have read and agree to the ${title} (version ${version}).`}
          error={e.agreed?.message}
          {...form.register('agreed')}
        />
        <TextField
          label="Type your full name"
          hint={`As a signature. Type ${names}; capitals do not matter.`}
          autoComplete="name"
          fieldWidth="lg"
          error={e.typedName?.message}
          {...form.register('typedName')}
        />
      </Fieldset>
      <Button type="submit" variant="primary" pending={pending} pendingText="Recording…">
        Accept the agreement
      </Button>
    </form>
  );
}
