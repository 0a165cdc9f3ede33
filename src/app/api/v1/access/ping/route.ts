export const dynamic = 'force-dynamic';

// Is the access API's server up? No database, no key: for load balancers, and the benchmark's
// measure of what a route handler costs before any work (docs/benchmarks.md).
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
