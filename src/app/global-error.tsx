'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en-CA">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <main>
          <h1>Something went wrong</h1>
          <p>Please reload the page. If it keeps happening, contact support{error.digest ? ` and quote reference ${error.digest}` : ''}.</p>
        </main>
      </body>
    </html>
  );
}
