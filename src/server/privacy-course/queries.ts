import 'server-only';
import type { CourseCompletionSource } from '@/generated/prisma/client';
import { db, type Tx } from '../db';
import { env } from '../env';

type Client = Pick<Tx, 'privacyCourseCompletion'>;

/** Step 3 of the checklist: any recorded completion counts (the course has no expiry). */
export async function courseComplete(tx: Client, personId: string): Promise<boolean> {
  const found = await tx.privacyCourseCompletion.findFirst({ where: { personId }, select: { id: true } });
  return found !== null;
}

export type CourseCompletionView = { completedAt: Date; source: CourseCompletionSource };

/** The earliest completion (the one that completed step 3), or null. */
export async function courseCompletion(personId: string, client: Client = db()): Promise<CourseCompletionView | null> {
  return client.privacyCourseCompletion.findFirst({
    where: { personId },
    orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
    select: { completedAt: true, source: true },
  });
}

/** The built-in demo course stands in for the learning platform only in demos and development. */
export const demoCourseAvailable = () => env().DEMO_MODE || env().NODE_ENV === 'development';
