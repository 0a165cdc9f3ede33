import 'server-only';
import { displayName } from '@/lib/names';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  requestsPerMinute: number;
};

/** Every key, current ones first, newest first. Never the key or its hash. */
export async function listApiKeys(viewer: Subject | null): Promise<ApiKeyRow[]> {
  requireCapability(viewer, 'apiKeys.read');
  const rows = await db().apiKey.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      requestsPerMinute: true,
      createdBy: { select: { legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true } },
    },
  });
  return rows
    .map(({ createdBy, ...r }) => ({ ...r, createdByName: displayName(createdBy) }))
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}
