// The checkpoint format: the exact bytes signed, the signature, and reading an export back.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_SIGNING_SEED,
  checkpointExport,
  checkpointSignatureValid,
  checkpointText,
  keyIdOf,
  parseCheckpointExport,
  signCheckpoint,
  signingKeyFromSeed,
} from '@/lib/audit-checkpoint';

const head = 'ab'.repeat(32);
const cp = { seq: 42n, headHash: head, signedAt: new Date('2026-01-12T07:30:00.123Z') };
const key = signingKeyFromSeed(DEVELOPMENT_SIGNING_SEED);

describe('audit checkpoints', () => {
  it('sign exactly these bytes: version, sequence, head and time, one a line', () => {
    expect(checkpointText(cp)).toBe(`careconnect-audit-checkpoint/v1\nseq 42\nhead ${head}\ntime 2026-01-12T07:30:00.123Z\n`);
  });

  it('verify with the same key and refuse any changed field or another key', () => {
    const signed = { ...cp, ...signCheckpoint(cp, key) };
    expect(signed.keyId).toBe(keyIdOf(key));
    expect(signed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkpointSignatureValid(signed, key)).toBe(true);
    expect(checkpointSignatureValid({ ...signed, seq: 43n }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...signed, headHash: 'cd'.repeat(32) }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...signed, signedAt: new Date(cp.signedAt.getTime() + 1) }, key)).toBe(false);
    expect(checkpointSignatureValid({ ...signed, signature: 'not base64 at all' }, key)).toBe(false);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(checkpointSignatureValid(signed, other)).toBe(false);
    expect(keyIdOf(other)).not.toBe(signed.keyId);
  });

  it('round-trip through the exported text file, and reject anything else', () => {
    const signed = { ...cp, ...signCheckpoint(cp, key) };
    const text = checkpointExport(signed);
    expect(parseCheckpointExport(text)).toEqual({ ...signed, seq: 42n });
    expect(parseCheckpointExport(text.replace('seq 42', 'seq -1'))).toBeNull();
    expect(parseCheckpointExport(text.replace('careconnect-audit-checkpoint/v1', 'v2'))).toBeNull();
    expect(parseCheckpointExport(`${text}extra line\n`)).toBeNull();
  });

  it('take a 32-byte seed only', () => {
    expect(() => signingKeyFromSeed(Buffer.alloc(31).toString('base64'))).toThrow(/32 bytes/);
    expect(keyIdOf(signingKeyFromSeed(Buffer.alloc(32, 7).toString('base64')))).toMatch(/^[0-9a-f]{16}$/);
  });
});
