// Requests as a browser makes them, with everything the answer carries kept for the scan.
export type Reply = { status: number; location: string | null; contentType: string; body: string };

async function send(url: string, init: RequestInit): Promise<Reply> {
  const r = await fetch(url, { ...init, redirect: 'manual' });
  return {
    status: r.status,
    location: r.headers.get('location'),
    contentType: r.headers.get('content-type') ?? '',
    // Headers and body: a canary in a header would leak as surely as one in the page.
    body: `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await r.text()}`,
  };
}

const cookieHeader = (cookie: string | null): Record<string, string> => (cookie ? { cookie } : {});

/** A full page load (HTML, with the RSC payload inlined for hydration). */
export const getPage = (base: string, path: string, cookie: string | null) =>
  send(new URL(path, base).toString(), { headers: { ...cookieHeader(cookie), accept: 'text/html' } });

/** What a client-side navigation asks for: the RSC payload alone. */
export const getRsc = (base: string, path: string, cookie: string | null) =>
  send(new URL(path, base).toString(), { headers: { ...cookieHeader(cookie), rsc: '1', accept: 'text/x-component' } });

/** A route handler, with the method it answers. */
export const callRoute = (base: string, path: string, method: string, cookie: string | null, body?: string) =>
  send(new URL(path, base).toString(), {
    method,
    headers: { ...cookieHeader(cookie), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
  });

/** A server action, posted to a page as the browser does (arguments encoded as JSON text). */
export const postAction = (base: string, path: string, actionId: string, cookie: string | null, args: unknown[]) =>
  send(new URL(path, base).toString(), {
    method: 'POST',
    headers: {
      ...cookieHeader(cookie),
      'next-action': actionId,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: base,
    },
    body: JSON.stringify(args),
  });
