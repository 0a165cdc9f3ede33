'use client';
import { useState } from 'react';
import { formLevelMessage, useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, TextField } from '@/components/ui';
import { setApiKeyLimitAction } from '@/server/api-keys/actions';

/** Changes how many calls a minute a key may make; the next call already uses the new limit. */
export function ApiKeyLimit(p: { id: string; name: string; requestsPerMinute: number }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(p.requestsPerMinute));
  const { run, pending, error } = useActionButton({ onSuccess: () => setEditing(false) });

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    run(() => setApiKeyLimitAction({ id: p.id, requestsPerMinute: Number(value.trim() || NaN) }));
  };

  if (!editing)
    return (
      <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
        Change limit…<span className="sr-only"> — {p.name}</span>
      </Button>
    );
  return (
    <form onSubmit={save} noValidate className="space-y-2">
      <FormError
        message={formLevelMessage(error, ['requestsPerMinute'])}
        correlationId={error?.correlationId}
      />
      <TextField
        name={`requestsPerMinute-${p.id}`}
        label={`Calls per minute for “${p.name}”`}
        hint="Calls in any 60 seconds; more are answered 429 until the minute has passed."
        inputMode="numeric"
        value={value}
        error={error?.fieldErrors.requestsPerMinute}
        onChange={(e) => setValue(e.target.value)}
      />
      <div className="flex flex-wrap gap-2">
        <Button size="sm" type="submit" pending={pending} pendingText="Saving…">
          Save limit
        </Button>
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
