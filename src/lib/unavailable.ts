// What people are told while the database cannot be reached: by the proxy's 503 page, by the
// error pages and by every form. One wording everywhere; the reference leads to the log line.

export const UNAVAILABLE_TITLE = 'Temporarily unavailable';
export const UNAVAILABLE_MESSAGE =
  'CareConnect enrolment is temporarily unavailable — nothing was lost, try again in a few minutes.';

// Errors thrown for an outage carry this digest prefix, which Next.js hands to the error pages.
const DIGEST_PREFIX = 'CC_UNAVAILABLE:';

export const unavailableDigest = (reference: string) => `${DIGEST_PREFIX}${reference}`;

/** The reference of an outage error as an error page receives it, or null for any other error. */
export function unavailableReference(digest: string | undefined): string | null {
  return digest?.startsWith(DIGEST_PREFIX) ? digest.slice(DIGEST_PREFIX.length) : null;
}

/** A short reference a person can read out to support; the log line carries the same one. */
export const newReference = (): string => crypto.randomUUID().slice(0, 8).toUpperCase();

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The whole 503 page the proxy sends: plain HTML, no script, readable without styles. */
export function unavailableHtml(p: { reference: string; retryHref: string }): string {
  const ref = escapeHtml(p.reference);
  return `<!doctype html>
<html lang="en-CA">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${UNAVAILABLE_TITLE}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}header{background:#003366;color:#fff;padding:1rem 2rem}main{max-width:40rem;padding:2rem}a{color:#1a5a96}</style>
</head>
<body>
<header>my.CareConnect</header>
<main>
<h1>${UNAVAILABLE_TITLE}</h1>
<p>${UNAVAILABLE_MESSAGE}</p>
<p>If it lasts, contact support and quote reference <strong>${ref}</strong>.</p>
<p><a href="${escapeHtml(p.retryHref)}">Try again</a></p>
</main>
</body>
</html>
`;
}
