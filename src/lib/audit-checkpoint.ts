// Signed checkpoints of the audit chain (docs/decisions/023-audit-sealer.md). Pure: the sealer
// signs with it and `npm run audit:verify` checks with it, outside the app too.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export type Checkpoint = { seq: bigint | number | string; headHash: string; signedAt: Date };

/** The exact bytes that are signed: versioned, one field a line, no ambiguity. */
export const checkpointText = (c: Checkpoint): string =>
  `careconnect-audit-checkpoint/v1\nseq ${String(c.seq)}\nhead ${c.headHash}\ntime ${c.signedAt.toISOString()}\n`;

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A private key from its 32-byte seed, given in base64 (AUDIT_SIGNING_KEY). */
export function signingKeyFromSeed(base64: string): KeyObject {
  const seed = Buffer.from(base64, 'base64');
  if (seed.length !== 32) throw new Error('AUDIT_SIGNING_KEY must be 32 bytes in base64 (an Ed25519 seed)');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * The development key: derived from a published phrase, so the demo and the tests sign
 * without configuration. Production refuses it (src/server/env.ts).
 */
export const DEVELOPMENT_SIGNING_SEED = createHash('sha256').update('my.CareConnect development audit key').digest('base64');

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 of its DER. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update(createPublicKey(key).export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);

export function signCheckpoint(c: Checkpoint, key: KeyObject): { keyId: string; signature: string } {
  return { keyId: keyIdOf(key), signature: sign(null, Buffer.from(checkpointText(c)), key).toString('base64') };
}

export function checkpointSignatureValid(c: Checkpoint & { signature: string }, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointText(c)), createPublicKey(key), Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A checkpoint as a small text file someone outside the database can keep. */
export const checkpointExport = (c: Checkpoint & { keyId: string; signature: string }): string =>
  `${checkpointText(c)}key ${c.keyId}\nsignature ${c.signature}\n`;

/** Reads an exported checkpoint back; null when it is not one. */
export function parseCheckpointExport(text: string): (Checkpoint & { keyId: string; signature: string }) | null {
  const m = /^careconnect-audit-checkpoint\/v1\nseq (\d+)\nhead ([0-9a-f]{64})\ntime (\S+)\nkey ([0-9a-f]{16})\nsignature (\S+)\n?$/.exec(text);
  if (!m) return null;
  const signedAt = new Date(m[3]!);
  if (Number.isNaN(signedAt.getTime())) return null;
  return { seq: BigInt(m[1]!), headHash: m[2]!, signedAt, keyId: m[4]!, signature: m[5]! };
}
