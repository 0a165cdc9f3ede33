import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/generated/prisma/client';
import { db, type Tx } from '../db';
import { can, type Subject } from '../authz/guard';
import { reacceptancePrompt, type ReacceptancePrompt } from '../agreements/rules';
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

/** The newest version in effect (the one people sign now), or null if none is. */
export async function currentDeclarationVersion(client: Client, now: Date = clock.now()): Promise<DeclarationVersionView | null> {
  const row = await (client as Pick<PrismaClient, 'declarationVersion'>).declarationVersion.findFirst({
    where: { effectiveAt: { lte: now } },
    orderBy: { version: 'desc' },
  });
  return row ? toVersionView(row) : null;
}

export type DeclarationPrompt = ReacceptancePrompt & { title: string };

/**
 * What an active worksite is asked (SPEC §15): sign the newest in-effect version that requires
 * it, by its deadline. Null when its latest declaration is that version or newer. The worksite
 * stays ACTIVE either way (SPEC §6); the team sees the overdue ones in the versions list.
 */
export async function declarationPrompt(viewer: Subject, worksiteId: string, now: Date = clock.now()): Promise<DeclarationPrompt | null> {
  if (!can(viewer, 'worksite.admin.read', { worksiteId })) return null;
  // One statement: the worksite's latest signed version and every version's terms.
  const [row] = await db().$queryRaw<
    { latest: number | null; versions: { version: number; title: string; effectiveAt: string; reacceptRequired: boolean; graceDays: number }[] | null }[]
  >`
    SELECT
      (SELECT dv."version" FROM "Declaration" d JOIN "DeclarationVersion" dv ON dv.id = d."versionId"
        WHERE d."worksiteId" = ${worksiteId}::uuid ORDER BY d."createdAt" DESC, d.id DESC LIMIT 1) AS latest,
      (SELECT json_agg(json_build_object('version', "version", 'title', "title", 'effectiveAt', "effectiveAt",
        'reacceptRequired', "reacceptRequired", 'graceDays', "graceDays")) FROM "DeclarationVersion") AS versions`;
  if (!row || row.latest === null) return null; // not signed yet: the worksite's own journey asks for it
  const versions = (row.versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) }));
  const p = reacceptancePrompt(versions, row.latest, now);
  return p ? { ...p, title: versions.find((v) => v.version === p.version)!.title } : null;
}
