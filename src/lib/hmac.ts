import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed webhooks (SPEC §7 step 3). The sender signs `${timestamp}.${rawBody}` with the shared
// secret and sends `t=<unix seconds>,v1=<hex>`. Signing the timestamp with the body means an old
// delivery cannot be replayed with a fresh timestamp; the tolerance window bounds replays of the
// whole header, and the receiver's idempotency (event id) makes any replay inside it harmless.

export const SIGNATURE_HEADER = 'X-CareConnect-Signature';

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Hex HMAC-SHA256 over `${timestamp}.${rawBody}`. */
export function signPayload(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** The header value a sender puts on a delivery. */
export function signatureHeader(secret: string, timestamp: number, rawBody: string): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, rawBody)}`;
}

/** `t=…,v1=…[,v1=…]`: several v1 values let a sender sign with an old and a new secret while
 * the secret is rotated. Unknown keys are ignored, as a later scheme may add some. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value.toLowerCase())) return null;
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

export function verifySignature(p: {
  secret: string;
  header: string | null | undefined;
  rawBody: string;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const tolerance = p.toleranceSeconds ?? 300;
  if (!p.header?.trim()) return { ok: false, reason: 'missing' };
  const parsed = parseHeader(p.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor(p.now.getTime() / 1000);
  if (nowSeconds - parsed.timestamp > tolerance) return { ok: false, reason: 'stale' };
  if (parsed.timestamp - nowSeconds > tolerance) return { ok: false, reason: 'future' };
  const expected = Buffer.from(signPayload(p.secret, parsed.timestamp, p.rawBody), 'hex');
  // Every candidate is compared (no early exit), in constant time per comparison.
  let match = false;
  for (const s of parsed.signatures) {
    if (timingSafeEqual(expected, Buffer.from(s, 'hex'))) match = true;
  }
  return match ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}
