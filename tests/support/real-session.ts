// The security tests call real server actions with a real session: next-auth's own
// getServerSession(req, res, options) reads the caller's cookie from a jar the test fills, so the
// adapter, the session row and the database stay real (docs/decisions/014). Used from vi.mock:
//   vi.mock('next-auth', async (io) => (await import('../support/real-session')).nextAuthWithJar(io, jar));
export type CookieJar = { cookies: Record<string, string>; headers?: Record<string, string> };

export async function nextAuthWithJar(importOriginal: () => Promise<unknown>, jar: CookieJar) {
  const real = (await importOriginal()) as typeof import('next-auth');
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  const getServerSession = (options: unknown) =>
    (real.getServerSession as (...a: unknown[]) => unknown)({ headers: { ...jar.headers }, cookies: { ...jar.cookies } }, res, options);
  return { ...real, default: real.default, getServerSession };
}

/** Outside a Next.js request there is no cache to revalidate. */
export const nextCacheStub = () => ({ revalidatePath() {}, revalidateTag() {}, updateTag() {}, refresh() {} });
