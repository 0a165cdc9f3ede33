'use client';
import { UNAVAILABLE_MESSAGE, UNAVAILABLE_TITLE, unavailableReference } from '@/lib/unavailable';

// Replaces the root layout when it fails (it reads who is signed in, so an outage can land here).
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  const outage = unavailableReference(error.digest);
  return (
    <html lang="en-CA">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <main>
          {outage ? (
            <>
              <h1>{UNAVAILABLE_TITLE}</h1>
              <p>{UNAVAILABLE_MESSAGE}</p>
              <p>If it lasts, contact support and quote reference {outage}.</p>
            </>
          ) : (
            <>
              <h1>Something went wrong</h1>
              <p>Please reload the page. If it keeps happening, contact support{error.digest ? ` and quote reference ${error.digest}` : ''}.</p>
            </>
          )}
        </main>
      </body>
    </html>
  );
}
