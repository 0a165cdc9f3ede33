import 'server-only';
import { hitRateLimit } from '../access/rate-limit';
import { changeFeed, notifyChange } from '../change-feed';
import { db } from '../db';
import { env } from '../env';
import { clientAddressFrom } from '../throttle/client-address';
import { credentialBlock, recordBadCredential, type CredentialBlock } from '../throttle/limits';
import { BAD_KEY_CHANNEL, createAddressBlocks, type AddressBlocks } from './address-blocks';
import { verifyApiKey, type VerifiedApiKey } from './service';

// The one prelude of every route a service calls with an API key (the access API, the viewer's
// sign-in check): an address that sent too many invalid keys is refused before its key is even
// looked at; an invalid key is counted against its address; a valid key is held to its limit.
// On the good path nothing here reads the database but the key's rate-limit batches (026).

export const NO_STORE = { 'Cache-Control': 'no-store' };

function rawKey(request: { headers: Pick<Headers, 'get'> }): string | null {
  const auth = request.headers.get('authorization');
  const bearer = auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? request.headers.get('x-api-key')?.trim() ?? null;
}

const tooManyInvalidKeys = (b: CredentialBlock) =>
  Response.json(
    { error: 'too_many_invalid_keys', message: b.message, retryAfterSeconds: b.retryAfterSeconds },
    { status: 429, headers: { ...NO_STORE, 'Retry-After': String(b.retryAfterSeconds) } },
  );

const g = globalThis as unknown as { __ccAddressBlocks?: AddressBlocks };
const blocks = () => (g.__ccAddressBlocks ??= createAddressBlocks(changeFeed()));

export type ServiceCaller = { key: VerifiedApiKey; headers: Record<string, string> };

/** The calling service and the headers every answer to it carries, or the refusal to send. */
export async function serviceCaller(
  request: { headers: Pick<Headers, 'get'> },
  realm: string,
  now: Date,
): Promise<ServiceCaller | Response> {
  const address = clientAddressFrom(request.headers, env().TRUSTED_PROXY_HOPS);
  const blocked = await blocks().check(address, now, () =>
    credentialBlock('api-key', address, now),
  );
  if (blocked) return tooManyInvalidKeys(blocked);
  const key = await verifyApiKey(rawKey(request), now);
  if (!key) {
    const nowBlocked = await recordBadCredential('api-key', address, now);
    blocks().counted(address, nowBlocked);
    // Other instances read this address's row again on its next call.
    if (address) await notifyChange(db(), BAD_KEY_CHANNEL, address);
    if (nowBlocked) return tooManyInvalidKeys(nowBlocked);
    return Response.json(
      { error: 'invalid_api_key' },
      { status: 401, headers: { ...NO_STORE, 'WWW-Authenticate': `Bearer realm="${realm}"` } },
    );
  }
  const rate = await hitRateLimit(key.id, key.requestsPerMinute, now);
  const headers = {
    ...NO_STORE,
    'X-RateLimit-Limit': String(rate.limit),
    'X-RateLimit-Remaining': String(rate.remaining),
  };
  if (!rate.allowed) {
    return Response.json(
      { error: 'rate_limited', retryAfterSeconds: rate.retryAfterSeconds },
      { status: 429, headers: { ...headers, 'Retry-After': String(rate.retryAfterSeconds) } },
    );
  }
  return { key, headers };
}
