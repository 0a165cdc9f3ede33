'use client';
import { useEffect, useRef } from 'react';
import { Unavailable } from '@/components/errors/unavailable';
import { UNAVAILABLE_TITLE, unavailableReference } from '@/lib/unavailable';

// Never shows a stack trace: the digest links what the person sees to the server log. An outage
// of the database says so, with its own reference (the proxy answers later pages with a 503).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const outage = unavailableReference(error.digest);
  return (
    <div role="alert" className="space-y-4">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-bold">
        {outage ? UNAVAILABLE_TITLE : 'Something went wrong'}
      </h1>
      {outage ? (
        <Unavailable reference={outage} />
      ) : (
        <>
          <p>We could not show this page. Nothing you entered was lost by this error. Please try again.</p>
          {error.digest && (
            <p>
              If it keeps happening, contact support and quote reference <strong>{error.digest}</strong>.
            </p>
          )}
        </>
      )}
      <button type="button" className="rounded bg-[#003366] px-4 py-2 font-semibold text-white" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
