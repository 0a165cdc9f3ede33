'use client';
import { useState, useTransition } from 'react';
import { Button, FormError, Notice } from '@/components/ui';
import { verifyAuditChainAction } from '@/server/audit-viewer/actions';

/** Recomputes every link of the tamper-evident chain and says where it first breaks. */
export function VerifyAuditChain() {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const verify = () =>
    startTransition(async () => {
      setError(null);
      setResult(null);
      try {
        const r = await verifyAuditChainAction();
        if (!r.ok) setError({ message: r.formError ?? 'Something went wrong.', correlationId: r.correlationId });
        else if (r.data.ok)
          setResult({
            ok: true,
            text: `Intact: ${r.data.count} events, ${r.data.sealed} sealed, ${r.data.checkpoints} signed checkpoints verified`,
          });
        else if (r.data.badId) setResult({ ok: false, text: `Broken at event ${r.data.badId}: ${r.data.problem}` });
        else setResult({ ok: false, text: r.data.problem });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });

  return (
    <section aria-labelledby="verify-chain" className="mb-8">
      <h2 id="verify-chain" className="mb-3 text-2xl font-bold">Tamper check</h2>
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {result && (
        <Notice tone={result.ok ? 'success' : 'danger'} title={result.ok ? 'The audit chain is intact' : 'The audit chain is broken'} role="alert">
          <span data-testid="audit-verify-result">{result.text}</span>
        </Notice>
      )}
      <Button variant="secondary" pending={pending} pendingText="Verifying…" onClick={verify}>
        Verify the audit chain
      </Button>
    </section>
  );
}
