import 'server-only';
import { parseInput } from '../parse-input';
import { db } from '../db';
import { worksiteSearchSchema } from './join-schema';

export type WorksiteLookupRow = { operatingName: string; address: string; worksiteCode: string };
export const LOOKUP_LIMIT = 20;

// A postal code typed without its space ("V8W1A1") is matched in its stored form ("V8W 1A1").
const POSTAL = /^[A-Z]\d[A-Z]\d[A-Z]\d$/i;
const searchWords = (q: string) =>
  q
    .replace(/[%_\\]/g, ' ') // LIKE wildcards would match everything
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => (POSTAL.test(w) ? `${w.slice(0, 3)} ${w.slice(3)}`.toUpperCase() : w));

/**
 * Address lookup for people looking for their worksite: ACTIVE worksites whose street, city,
 * postal code or operating name match every word typed. Only the three public fields leave here.
 */
export async function findWorksites(input: unknown): Promise<WorksiteLookupRow[]> {
  const { query } = parseInput(worksiteSearchSchema, input);
  const words = searchWords(query);
  if (words.length === 0) return [];
  const rows = await db().worksite.findMany({
    where: {
      status: 'ACTIVE',
      AND: words.map((w) => ({
        OR: (['operatingName', 'street', 'city', 'postalCode'] as const).map((f) => ({
          [f]: { contains: w, mode: 'insensitive' as const },
        })),
      })),
    },
    orderBy: [{ operatingName: 'asc' }, { worksiteCode: 'asc' }],
    take: LOOKUP_LIMIT,
    select: {
      operatingName: true,
      street: true,
      city: true,
      province: true,
      postalCode: true,
      worksiteCode: true,
    },
  });
  return rows.map((w) => ({
    operatingName: w.operatingName,
    address: `${w.street}, ${w.city}, ${w.province} ${w.postalCode}`,
    worksiteCode: w.worksiteCode,
  }));
}
