'use client';
import { useState } from 'react';
import { formLevelMessage, useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, Notice, TextField } from '@/components/ui';
import { createApiKeyAction } from '@/server/api-keys/actions';
import { DEFAULT_REQUESTS_PER_MINUTE } from '@/server/api-keys/schema';

type Created = { name: string; key: string };

/** Names a new key and shows its value exactly once; it cannot be shown again. */
export function CreateApiKeyForm() {
  const [name, setName] = useState('');
  const [perMinute, setPerMinute] = useState(String(DEFAULT_REQUESTS_PER_MINUTE));
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const { run, pending, error } = useActionButton<Created>({
    onSuccess: ({ name, key }) => {
      setCreated({ name, key });
      setName('');
      setPerMinute(String(DEFAULT_REQUESTS_PER_MINUTE));
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setCopied(false);
    run(() => createApiKeyAction({ name, requestsPerMinute: Number(perMinute.trim() || NaN) }));
  };

  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.key);
    setCopied(true);
  };

  return (
    <section aria-labelledby="new-key" className="mb-10">
      <h2 id="new-key" className="mb-3 text-2xl font-bold">
        Create a key
      </h2>
      {created && (
        <Notice tone="warning" title={`Copy the key for ${created.name} now`} role="alert">
          <p className="mb-2">
            This is the only time the key is shown. We keep only a fingerprint of it, so nobody can
            show it again. If it is lost, revoke it and create a new one.
          </p>
          <p className="mb-2 break-all">
            <code className="font-mono" data-testid="new-api-key">
              {created.key}
            </code>
          </p>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={copy}>
              {copied ? 'Copied' : 'Copy the key'}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setCreated(null)}>
              I have stored it safely
            </Button>
          </div>
        </Notice>
      )}
      <form onSubmit={submit} noValidate>
        <FormError
          message={formLevelMessage(error, ['name', 'requestsPerMinute'])}
          correlationId={error?.correlationId}
        />
        <TextField
          name="name"
          label="Name"
          hint="Who uses the key, such as “CareConnect viewer (production)” or “Harbour Clinic EMR”."
          value={name}
          maxLength={100}
          error={error?.fieldErrors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          name="requestsPerMinute"
          label="Calls per minute"
          hint="How many calls the key may make in any 60 seconds. A viewer serving many clinics needs more than an EMR."
          inputMode="numeric"
          fieldWidth="sm"
          value={perMinute}
          error={error?.fieldErrors.requestsPerMinute}
          onChange={(e) => setPerMinute(e.target.value)}
        />
        <Button type="submit" pending={pending} pendingText="Creating…">
          Create key
        </Button>
      </form>
    </section>
  );
}
