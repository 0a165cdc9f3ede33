import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// Read from the source tree, where `next start`, the demo and the tests all run: the list is
// data reviewed like code, not something to bundle into the client.
const FILE = path.join(process.cwd(), 'src/server/viewer-accounts/common-passwords.txt');

let list: ReadonlySet<string> | null = null;

export function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(
    readFileSync(FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return list;
}

export const isCommonPassword = (lowerCased: string) => commonPasswords().has(lowerCased);
