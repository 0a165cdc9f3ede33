'use client';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Heading, Notice, TextField } from '@/components/ui';
import type { WorksiteLookupRow } from '@/server/memberships/join-queries';
import { requestToJoinAction } from '@/server/memberships/join-actions';
import { joinByCodeSchema, WORKSITE_CODE_HINT } from '@/server/memberships/join-schema';

const sentText = (name: string) => `Your request to join ${name} was sent to its site administrators`;

function SentNotice({ name }: { name: string }) {
  return (
    <Notice tone="success" title="Request sent" headingLevel={3}>
      {sentText(name)}. You will get an email when they answer.
    </Notice>
  );
}

/** "Join with a Worksite ID": one field, its error next to it. */
export function JoinByCodeForm({ submissionKey }: { submissionKey: string }) {
  const [sent, setSent] = useState<string | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: joinByCodeSchema,
    action: requestToJoinAction,
    defaultValues: { worksiteCode: '', submissionKey },
    onSuccess: (data) => {
      setSent(data.worksiteName);
      // A new form: the next Worksite ID is a new request.
      form.reset({ worksiteCode: '', submissionKey: crypto.randomUUID() });
    },
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4" onChange={() => setSent(null)}>
      {sent && <SentNotice name={sent} />}
      <FormError message={formError} correlationId={correlationId} />
      <input type="hidden" {...form.register('submissionKey')} />
      <TextField
        label="Worksite ID"
        hint={WORKSITE_CODE_HINT}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        fieldWidth="sm"
        error={e.worksiteCode?.message}
        {...form.register('worksiteCode')}
        id="worksiteCode"
      />
      <Button type="submit" pending={pending} pendingText="Sending…">
        Request to join
      </Button>
    </form>
  );
}

function ResultItem({ row, submissionKey }: { row: WorksiteLookupRow; submissionKey: string }) {
  const [sent, setSent] = useState<string | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: joinByCodeSchema,
    action: requestToJoinAction,
    defaultValues: { worksiteCode: row.worksiteCode, submissionKey },
    onSuccess: (data) => setSent(data.worksiteName),
  });
  const nameId = `result-${row.worksiteCode}`;
  return (
    <li className="border-b border-line-soft py-4">
      <Heading level={3} id={nameId} className="text-lg font-bold">
        {row.operatingName}
      </Heading>
      <p>{row.address}</p>
      <p>
        Worksite ID <span className="font-mono font-semibold">{row.worksiteCode}</span>
      </p>
      {sent ? (
        <div className="mt-3">
          <SentNotice name={sent} />
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="mt-3">
          <FormError message={formError ?? form.formState.errors.worksiteCode?.message} correlationId={correlationId} />
          <input type="hidden" {...form.register('worksiteCode')} />
          <input type="hidden" {...form.register('submissionKey')} />
          <Button type="submit" variant="secondary" pending={pending} pendingText="Sending…">
            Request to join<span className="sr-only"> {row.operatingName}</span>
          </Button>
        </form>
      )}
    </li>
  );
}

/** The lookup's results, each with its own "Request to join" button. */
export function LookupResults({ rows, submissionKey }: { rows: WorksiteLookupRow[]; submissionKey: string }) {
  return (
    <ul className="max-w-2xl" aria-label="Worksites found">
      {rows.map((r) => (
        <ResultItem key={r.worksiteCode} row={r} submissionKey={submissionKey} />
      ))}
    </ul>
  );
}
