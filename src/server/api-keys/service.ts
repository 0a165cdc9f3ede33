import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { changeFeed, notifyChange, type ChangeFeed } from '../change-feed';
import { db } from '../db';
import { requireDecider, type StaffCaller } from '../decisions/caller';
import type { AuditContext as Ctx } from '../request-context';
import { API_KEY_CHANNEL, createKeyCache, type KeyCache } from './cache';
import { generateApiKey, hashApiKey, keyPrefix, looksLikeApiKey } from './token';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

const keyNotFound = () => new DomainError('NOT_FOUND', 'We could not find that API key.');
/** This instance has applied a key change before the caller is answered; others within moments. */
const changed = () => changeFeed().sync();

// Services re-check the role: the action's check protects the endpoint, this protects callers.
const requireKeyManager = (staff: StaffCaller) =>
  requireDecider(staff, 'apiKeys.manage', 'Only a staff administrator can manage API keys.');

/** Creates a key and returns it in full exactly once; afterwards only its prefix is known. */
export async function createApiKey(
  staff: StaffCaller,
  input: { name: string; requestsPerMinute?: number },
  ctx: Ctx = {},
) {
  requireKeyManager(staff);
  const key = generateApiKey();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        name: input.name,
        prefix: keyPrefix(key),
        keyHash: hashApiKey(key),
        createdById: staff.id,
        ...(input.requestsPerMinute ? { requestsPerMinute: input.requestsPerMinute } : {}),
      },
    });
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'api_key.created',
      target: { type: 'API_KEY', id: created.id },
      after: {
        name: created.name,
        prefix: created.prefix,
        requestsPerMinute: created.requestsPerMinute,
      },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return created;
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    requestsPerMinute: row.requestsPerMinute,
    key,
  };
}

/** Changes how many calls a minute the key may make; takes effect on its next call. */
export async function setApiKeyLimit(
  staff: StaffCaller,
  input: { id: string; requestsPerMinute: number },
  ctx: Ctx = {},
) {
  requireKeyManager(staff);
  if (!isUuid(input.id)) throw keyNotFound();
  const r = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: input.id } });
    if (!key) throw keyNotFound();
    if (key.revokedAt)
      throw new DomainError('INVALID_TRANSITION', 'This key is revoked; it makes no more calls.');
    await tx.apiKey.update({
      where: { id: key.id },
      data: { requestsPerMinute: input.requestsPerMinute },
    });
    await notifyChange(tx, API_KEY_CHANNEL, key.id);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'api_key.limit_changed',
      target: { type: 'API_KEY', id: key.id },
      before: { requestsPerMinute: key.requestsPerMinute },
      after: { name: key.name, prefix: key.prefix, requestsPerMinute: input.requestsPerMinute },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { id: key.id, requestsPerMinute: input.requestsPerMinute };
  });
  await changed();
  return r;
}

/** Revokes at once: the next call with the key gets 401. */
export async function revokeApiKey(
  staff: StaffCaller,
  input: { id: string },
  ctx: Ctx = {},
  now = clock.now(),
) {
  requireKeyManager(staff);
  if (!isUuid(input.id)) throw keyNotFound();
  const r = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: input.id } });
    if (!key) throw keyNotFound();
    // Guarded: of two staff admins revoking at once, one wins and the other is told.
    const r = await tx.apiKey.updateMany({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: now },
    });
    if (r.count === 0) throw new DomainError('ALREADY_DECIDED', 'This key was already revoked.');
    // Delivered to every instance's key cache when (and only if) this transaction commits.
    await notifyChange(tx, API_KEY_CHANNEL, key.id);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'api_key.revoked',
      target: { type: 'API_KEY', id: key.id },
      before: { revokedAt: null },
      after: { name: key.name, prefix: key.prefix, revokedAt: now.toISOString() },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { id: key.id };
  });
  await changed();
  return r;
}

// Recording every use would add a write to every call; a minute's precision is enough.
export const LAST_USED_PRECISION_MS = 60_000;

export type VerifiedApiKey = { id: string; name: string; requestsPerMinute: number };

export type ApiKeyVerifier = (
  raw: string | null | undefined,
  now?: Date,
) => Promise<VerifiedApiKey | null>;

/** Verification through a key cache fed by `feed` (one per app instance). */
export function createApiKeyVerifier(feed: ChangeFeed): ApiKeyVerifier {
  const cache: KeyCache = createKeyCache(feed);
  return async (raw, now = clock.now()) => {
    if (!raw || !looksLikeApiKey(raw)) return null;
    const hash = hashApiKey(raw);
    const key = await cache.get(hash, () =>
      db().apiKey.findUnique({
        where: { keyHash: hash },
        select: {
          id: true,
          name: true,
          revokedAt: true,
          lastUsedAt: true,
          requestsPerMinute: true,
        },
      }),
    );
    if (!key || key.revokedAt) return null;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS);
      // Conditional, so concurrent calls in the same minute (on any instance) write once.
      await db().apiKey.updateMany({
        where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] },
        data: { lastUsedAt: now },
      });
      cache.touched(hash, now);
    }
    return { id: key.id, name: key.name, requestsPerMinute: key.requestsPerMinute };
  };
}

const g = globalThis as unknown as { __ccVerifyApiKey?: ApiKeyVerifier };

/** The key's identity when the raw value is a current (not revoked) key; otherwise null. */
export function verifyApiKey(
  raw: string | null | undefined,
  now = clock.now(),
): Promise<VerifiedApiKey | null> {
  g.__ccVerifyApiKey ??= createApiKeyVerifier(changeFeed());
  return g.__ccVerifyApiKey(raw, now);
}
