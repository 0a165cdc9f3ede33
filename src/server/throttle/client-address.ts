import 'server-only';
import { headers } from 'next/headers';
import { env } from '../env';

/**
 * The address a throttle counts a request against: the X-Forwarded-For entry `hops` from the
 * right, which the nearest trusted proxy wrote (Next.js itself writes the socket's address when
 * the header is absent). Entries further left come from the client and could be anything.
 */
export function clientAddressFrom(h: Pick<Headers, 'get'>, hops: number): string | null {
  const entries = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const chosen = entries.length ? entries[Math.max(0, entries.length - hops)] : h.get('x-real-ip')?.trim();
  // Bounded: the value becomes part of a database key.
  return chosen ? chosen.slice(0, 64).toLowerCase() : null;
}

/** The current request's client address, or null outside a request. */
export async function clientAddress(): Promise<string | null> {
  try {
    return clientAddressFrom(await headers(), env().TRUSTED_PROXY_HOPS);
  } catch {
    return null;
  }
}
