import { UNAVAILABLE_MESSAGE } from '@/lib/unavailable';

/** The error pages' words for an outage; the proxy's 503 page says the same (src/lib/unavailable.ts). */
export function Unavailable({ reference }: { reference: string }) {
  return (
    <>
      <p>{UNAVAILABLE_MESSAGE}</p>
      <p>
        If it lasts, contact support and quote reference <strong>{reference}</strong>.
      </p>
    </>
  );
}
