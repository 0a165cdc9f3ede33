import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

// 32 random bytes: unguessable, so the link alone may carry the invitation. Only the SHA-256 is
// stored; a leaked database copy holds no working link. (A plain hash suffices: the token has
// full entropy, so there is nothing to brute-force that a slow hash would protect.)
export const newInvitationToken = () => randomBytes(32).toString('base64url');

export const hashInvitationToken = (token: string) =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** 32 bytes in base64url are 43 characters; anything else cannot be one of ours. */
export const isInvitationTokenShaped = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
