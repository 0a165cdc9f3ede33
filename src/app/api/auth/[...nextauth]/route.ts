import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';

type Ctx = { params: Promise<{ nextauth: string[] }> };
let handler: ((req: Request, ctx: Ctx) => Promise<Response>) | null = null;

// Built on first request, not at import: options read the environment.
function route(req: Request, ctx: Ctx) {
  handler ??= NextAuth(authOptions()) as unknown as (req: Request, ctx: Ctx) => Promise<Response>;
  return handler(req, ctx);
}

export { route as GET, route as POST };
