'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, Notice } from '@/components/ui';
import { verifyAuditChainAction } from '@/server/audit-viewer/actions';
import type { AuditChainResult as Verdict } from '@/server/audit-verify';

/** Pure: the sentence a verdict on the chain is told in. */
function verdictText(v: Verdict): { ok: boolean; text: string } {
  if (v.ok)
    return {
      ok: true,
      text: `Intact: ${v.count} events, ${v.sealed} sealed, ${v.checkpoints} signed checkpoints verified`,
    };
  return { ok: false, text: v.badId ? `Broken at event ${v.badId}: ${v.problem}` : v.problem };
}

/** Recomputes every link of the tamper-evident chain and says where it first breaks. */
export function VerifyAuditChain() {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // Verifying changes nothing, so there is nothing to refresh.
  const { run, pending, error } = useActionButton<Verdict>({
    refresh: false,
    onSuccess: (v) => setResult(verdictText(v)),
  });

  const verify = () => {
    setResult(null);
    run(verifyAuditChainAction);
  };

  return (
    <section aria-labelledby="verify-chain" className="mb-8">
      <h2 id="verify-chain" className="mb-3 text-2xl font-bold">
        Tamper check
      </h2>
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {result && (
        <Notice
          tone={result.ok ? 'success' : 'danger'}
          title={result.ok ? 'The audit chain is intact' : 'The audit chain is broken'}
          role="alert"
        >
          <span data-testid="audit-verify-result">{result.text}</span>
        </Notice>
      )}
      <Button variant="secondary" pending={pending} pendingText="Verifying…" onClick={verify}>
        Verify the audit chain
      </Button>
    </section>
  );
}
