import 'server-only';
import { performance } from 'node:perf_hooks';
import type { ChangeFeed } from '../change-feed';
import type { CredentialBlock } from '../throttle/limits';

// Whether an address is blocked for sending invalid API keys, kept in process so a good call
// does not read the throttle row. Every invalid key is counted in the database as before; the
// instance that counts it forgets the address at once and announces it, so every instance reads
// the row again on that address's next call. Nothing is trusted while the feed is down.

export const BAD_KEY_CHANNEL = 'cc_bad_api_keys';
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

type Entry = { block: CredentialBlock | null; at: number };

export type AddressBlocks = {
  /** The block for the address now: from memory when the feed vouches for it, else `read`. */
  check(
    address: string | null,
    now: Date,
    read: () => Promise<CredentialBlock | null>,
  ): Promise<CredentialBlock | null>;
  /** An invalid key was just counted for the address (here); `block` is the result if known. */
  counted(address: string | null, block: CredentialBlock | null): void;
};

export function createAddressBlocks(feed: ChangeFeed): AddressBlocks {
  const byAddress = new Map<string, Entry>();
  let generation = 0;
  const forget = (a: string) => {
    generation++;
    byAddress.delete(a);
  };
  feed.subscribe(BAD_KEY_CHANNEL, {
    onMessage: forget,
    onReset: () => {
      generation++;
      byAddress.clear();
    },
  });
  const keep = (a: string, block: CredentialBlock | null) => {
    if (byAddress.size >= MAX_ENTRIES) byAddress.clear();
    byAddress.set(a, { block, at: performance.now() });
  };
  return {
    async check(address, now, read) {
      if (!address) return null;
      const e = byAddress.get(address);
      if (e && feed.live() && performance.now() - e.at < TTL_MS) {
        if (!e.block) return null;
        if (e.block.retryAt > now) return e.block;
      }
      const gen = generation;
      const block = await read();
      if (feed.live() && gen === generation) keep(address, block);
      return block;
    },
    counted(address, block) {
      if (!address) return;
      forget(address);
      if (block && feed.live()) keep(address, block);
    },
  };
}
