'use client';
import { useEffect, useState } from 'react';
import { StatusBadge } from '@/components/ui';
import type { DecisionAnswer, DecidedEntry } from '@/server/decisions/answer';

// A decision action answers with what changed instead of re-rendering the page (decision 027).
// The panel that took it announces the answer; the page's status and its timeline show it.
const DECIDED = 'careconnect:decided';

export function announceDecision(answer: DecisionAnswer): void {
  window.dispatchEvent(new CustomEvent<DecisionAnswer>(DECIDED, { detail: answer }));
}

/** Every answer announced on this page since it loaded, oldest first. */
function useDecisions(): DecisionAnswer[] {
  const [answers, setAnswers] = useState<DecisionAnswer[]>([]);
  useEffect(() => {
    const add = (e: Event) => setAnswers((a) => [...a, (e as CustomEvent<DecisionAnswer>).detail]);
    window.addEventListener(DECIDED, add);
    return () => window.removeEventListener(DECIDED, add);
  }, []);
  return answers;
}

/** The record's status badge: as the page loaded it, then as the latest decision on it left it. */
export function LiveStatus({ id, status, label }: { id: string; status: string; label?: string }) {
  const latest = useDecisions().findLast((a) => a.id === id);
  return latest ? (
    <StatusBadge status={latest.status} label={latest.statusLabel} />
  ) : (
    <StatusBadge status={status} label={label} />
  );
}

/** The status changes decided on this page since it was loaded, newest first, as timeline entries. */
export function AddedDecisions() {
  const entries: DecidedEntry[] = useDecisions()
    .map((a) => a.entry)
    .reverse();
  return entries.map((e) => (
    <li key={`decided-${e.id}`} className="border-l-4 border-line-soft pl-4" data-kind="status">
      <p className="text-sm text-muted">
        <span className="sr-only">Status change, </span>
        <time dateTime={new Date(e.at).toISOString()}>{e.when}</time>
      </p>
      <p>
        <span className="font-semibold">{e.subject}:</span> {e.from ? `${e.from} → ${e.to}` : e.to},
        by {e.by}
      </p>
      {e.reason && (
        <blockquote className="mt-1 border-l-2 border-line pl-3 whitespace-pre-line">
          Reason: {e.reason}
        </blockquote>
      )}
    </li>
  ));
}
