import 'server-only';
import { performance } from 'node:perf_hooks';
import type { ChangeFeed } from '../change-feed';

// Verified keys, kept in process so a call costs no key lookup. A revocation or a new limit is
// announced on API_KEY_CHANNEL in the transaction that makes it; every instance drops the key
// when the message arrives. While the feed is down nothing cached is used.

export const API_KEY_CHANNEL = 'cc_api_keys';
// A backstop only: a message missed in a way the feed cannot notice still ends here.
export const KEY_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export type KeyRow = {
  id: string;
  name: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  requestsPerMinute: number;
};
type Entry = { row: KeyRow; at: number };

export type KeyCache = {
  /** The row for a key hash: from memory when the feed vouches for it, else `load` (then kept). */
  get(hash: string, load: () => Promise<KeyRow | null>): Promise<KeyRow | null>;
  /** After the last-use stamp was written, so the next call does not write it again. */
  touched(hash: string, lastUsedAt: Date): void;
  size(): number;
};

export function createKeyCache(feed: ChangeFeed): KeyCache {
  const byHash = new Map<string, Entry>();
  // Bumped by every message and reset: a lookup that started before one must not be kept.
  let generation = 0;
  const forget = (id: string) => {
    generation++;
    for (const [h, e] of byHash) if (e.row.id === id) byHash.delete(h);
  };
  feed.subscribe(API_KEY_CHANNEL, {
    onMessage: (id) => forget(id),
    onReset: () => {
      generation++;
      byHash.clear();
    },
  });
  return {
    async get(hash, load) {
      const hit = byHash.get(hash);
      if (hit && feed.live() && performance.now() - hit.at < KEY_CACHE_TTL_MS) return hit.row;
      const gen = generation;
      const row = await load();
      // Revoked keys and unknown hashes are not kept: a guesser must not fill the memory.
      if (row && !row.revokedAt && feed.live() && gen === generation) {
        if (byHash.size >= MAX_ENTRIES) byHash.clear();
        byHash.set(hash, { row, at: performance.now() });
      }
      return row;
    },
    touched(hash, lastUsedAt) {
      const e = byHash.get(hash);
      if (e) e.row = { ...e.row, lastUsedAt };
    },
    size: () => byHash.size,
  };
}
