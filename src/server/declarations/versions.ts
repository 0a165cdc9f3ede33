import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/generated/prisma/client';
import type { Tx } from '../db';
import { clock } from '@/lib/clock';

// The published text lives in prisma/seed-data (one file per version); the app reads it from
// the DeclarationVersion table so a worksite is always shown the version it signs.

const safeguardsSchema = z.array(z.object({ key: z.string().min(1), text: z.string().min(1) })).min(1);

export type DeclarationVersionView = {
  id: string;
  version: number;
  title: string;
  body: string;
  safeguards: { key: string; text: string }[];
};

type Client = Pick<PrismaClient, 'declarationVersion'> | Pick<Tx, 'declarationVersion'>;

type VersionRow = { id: string; version: number; title: string; body: string; safeguards: unknown };

export function toVersionView(row: VersionRow): DeclarationVersionView {
  return { id: row.id, version: row.version, title: row.title, body: row.body, safeguards: safeguardsSchema.parse(row.safeguards) };
}

/** The newest published version (the one people sign now), or null if none is published. */
export async function currentDeclarationVersion(client: Client): Promise<DeclarationVersionView | null> {
  const row = await (client as Pick<PrismaClient, 'declarationVersion'>).declarationVersion.findFirst({
    where: { publishedAt: { lte: clock.now() } },
    orderBy: { version: 'desc' },
  });
  return row ? toVersionView(row) : null;
}
