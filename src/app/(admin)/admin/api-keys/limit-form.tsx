'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError, TextField } from '@/components/ui';
import { setApiKeyLimitAction } from '@/server/api-keys/actions';

/** Changes how many calls a minute a key may make; the next call already uses the new limit. */
export function ApiKeyLimit(p: { id: string; name: string; requestsPerMinute: number }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(p.requestsPerMinute));
  const [error, setError] = useState<{ message?: string; field?: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setError(null);
      try {
        const r = await setApiKeyLimitAction({ id: p.id, requestsPerMinute: Number(value.trim() || NaN) });
        if (r.ok) {
          setEditing(false);
          router.refresh();
        } else {
          const field = r.fieldErrors?.requestsPerMinute;
          setError({ field, message: field ? undefined : r.formError, correlationId: r.correlationId });
        }
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });
  };

  if (!editing)
    return (
      <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
        Change limit…<span className="sr-only"> — {p.name}</span>
      </Button>
    );
  return (
    <form onSubmit={save} noValidate className="space-y-2">
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <TextField
        name={`requestsPerMinute-${p.id}`}
        label={`Calls per minute for “${p.name}”`}
        hint="Calls in any 60 seconds; more are answered 429 until the minute has passed."
        inputMode="numeric"
        value={value}
        error={error?.field}
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
