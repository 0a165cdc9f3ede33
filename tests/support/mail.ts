// Reading the mail catcher from tests (integration and end-to-end).
import type { CaughtMessage } from '../../dev/mail-catcher/server';
import { monotonic } from './clock';

export type { CaughtMessage };

const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

export async function listMessages(
  baseUrl: string,
  opts: { to?: string } = {},
): Promise<CaughtMessage[]> {
  const url = new URL(`${trimBase(baseUrl)}/api/messages`);
  if (opts.to) url.searchParams.set('to', opts.to);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Mail catcher answered ${res.status} to GET ${url}`);
  return (await res.json()) as CaughtMessage[];
}

export async function clearMessages(baseUrl: string): Promise<void> {
  const url = `${trimBase(baseUrl)}/api/messages`;
  const res = await fetch(url, { method: 'DELETE' });
  if (!res.ok) throw new Error(`Mail catcher answered ${res.status} to DELETE ${url}`);
}

/** Polls until a message to `to` (and with the subject, if given) arrives; newest match wins. */
export async function waitForMessage(
  baseUrl: string,
  match: { to: string; subjectIncludes?: string },
  timeoutMs = 30_000, // a limit for a loaded machine, not an expectation of speed
): Promise<CaughtMessage> {
  const deadline = monotonic() + timeoutMs;
  const matches = (m: CaughtMessage) =>
    match.subjectIncludes === undefined || m.subject.includes(match.subjectIncludes);
  for (;;) {
    const found = (await listMessages(baseUrl, { to: match.to })).find(matches);
    if (found) return found;
    if (monotonic() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const arrived = await listMessages(baseUrl);
  const summary = arrived.length
    ? arrived.map((m) => `  - to ${m.to.join(', ')}: "${m.subject}"`).join('\n')
    : '  (none)';
  const wanted = `to ${match.to}${match.subjectIncludes ? ` with subject containing "${match.subjectIncludes}"` : ''}`;
  throw new Error(
    `No email ${wanted} arrived within ${timeoutMs} ms. Messages in the catcher:\n${summary}`,
  );
}
