import 'server-only';
import { displayName } from '@/lib/names';
import { db } from '../db';

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Every key, current ones first, newest first. Never the hash. */
export async function listApiKeys(): Promise<ApiKeyRow[]> {
  const rows = await db().apiKey.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true } },
    },
  });
  return rows
    .map(({ createdBy, ...r }) => ({ ...r, createdByName: displayName(createdBy) }))
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}
