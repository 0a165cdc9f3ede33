import { createHash, randomBytes } from 'node:crypto';

// A service credential: "cc_" + 32 random bytes (base64url). Only its SHA-256 is stored, so a
// copy of the database cannot call the API; the prefix lets staff tell keys apart.
export const API_KEY_PREFIX = 'cc_';
const SHAPE = /^cc_[A-Za-z0-9_-]{43}$/;
export const SHOWN_PREFIX_LENGTH = 10;

export const generateApiKey = () => `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

export const hashApiKey = (raw: string) => createHash('sha256').update(raw, 'utf8').digest('hex');

export const keyPrefix = (raw: string) => raw.slice(0, SHOWN_PREFIX_LENGTH);

/** Cheap shape check first, so junk never reaches the database. */
export const looksLikeApiKey = (raw: string) => SHAPE.test(raw);
