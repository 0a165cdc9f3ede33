import type { Metadata } from 'next';
import { demoOnly } from '@/server/demo-only';

export const metadata: Metadata = { title: 'Floor' };

// The benchmark's floor (bench/http): a dynamic page with no reads of its own, padded to the size
// of the page it is compared with, so the difference is what that page's data and rendering cost.
// Signed in, the layouts' session check is all it pays. The padding is capped. Not part of the
// product: production answers 404 unless the demo (or the benchmark, which runs as one) is on.
const MAX_BYTES = 512 * 1024;

export default async function FloorPage({ searchParams }: { searchParams: Promise<{ bytes?: string }> }) {
  demoOnly();
  const wanted = Number((await searchParams).bytes ?? 0);
  const bytes = Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, MAX_BYTES) : 0;
  return (
    <>
      <h1 className="mb-4 text-3xl font-bold">Floor</h1>
      <p className="break-all text-muted">{'.'.repeat(bytes)}</p>
    </>
  );
}
