// The security tests call real server actions with a real session: the portal reads the caller's
// session cookie through next/headers, which here answers from a jar the test fills, so the
// adapter, the session row and the database stay real (docs/decisions/014). Used from vi.mock:
//   vi.mock('next/headers', async () => (await import('../support/real-session')).nextHeadersWithJar(jar));
export type CookieJar = { cookies: Record<string, string>; headers?: Record<string, string> };

export function nextHeadersWithJar(jar: CookieJar) {
  return {
    headers: async () => new Headers(jar.headers ?? {}),
    cookies: async () => ({
      get: (name: string) => (name in jar.cookies ? { name, value: jar.cookies[name]! } : undefined),
      getAll: () => Object.entries(jar.cookies).map(([name, value]) => ({ name, value })),
      has: (name: string) => name in jar.cookies,
    }),
  };
}

/** Outside a Next.js request there is no cache to revalidate. */
export const nextCacheStub = () => ({ revalidatePath() {}, revalidateTag() {}, updateTag() {}, refresh() {} });

/** For tests that only need "signed in as this person": the session cookie's lookup answers with
 * that person, read from the database as the session read would.
 *   vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
 */
export async function signedInAs(signedIn: { id: string | null }) {
  const { viewerPerson } = await import('@/server/auth/viewer-row');
  return { sessionViewer: async () => (signedIn.id ? viewerPerson(signedIn.id) : null) };
}
