import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane); the parameters are in
// each stored hash, so raising them later leaves older hashes verifiable.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// A hash of a random string nobody knows, with the same parameters: checking a password against
// it costs what a real check costs, so an unknown username answers no faster than a known one.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$v/51+J5Pp1oQX8YpAgdyqQ$Y6e/YhynCj6r/MlvIf+CmzFPYuDD60QJCjJfK/q+S/Q';

export function hashViewerPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True only for the right password; a missing hash costs the same as a wrong password. */
export async function checkViewerPassword(storedHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(storedHash ?? DUMMY_HASH, password);
    return ok && storedHash !== null;
  } catch {
    return false; // a damaged hash never lets anyone in
  }
}
