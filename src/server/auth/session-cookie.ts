import 'server-only';
import { cookies } from 'next/headers';
import { careConnectAdapter } from './adapter';
import { sessionCookieName } from './options';
import type { ViewerPerson } from './viewer-row';
import { clock } from '@/lib/clock';

// The signed-in check on every request, without next-auth's getServerSession: that runs its whole
// handler (options, CSRF token, callbacks) to end in the same adapter read, about 1.8 ms of CPU a
// request (docs/decisions/027). next-auth still signs people in and out and owns the cookie; here
// the cookie is only read, and the session is the adapter's: idle and absolute limits, ending,
// sliding the idle window.

/** The person behind this request's session cookie, read with the session in one statement;
 * null when there is no live session. Database errors are thrown, never taken for "signed out". */
export async function sessionViewer(): Promise<ViewerPerson | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  let person: ViewerPerson | null = null;
  const found = await careConnectAdapter({ onViewer: (p) => (person = p) }).getSessionAndUser!(token);
  if (!found || found.session.expires.getTime() <= clock.now().getTime()) return null;
  return person;
}
