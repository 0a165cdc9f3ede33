import 'server-only';
import { notFound } from 'next/navigation';
import { env, type Env } from './env';

/** Pages that are not part of the product (the pattern library, the benchmark's empty page)
 * answer 404 in production unless the demo is running. */
export function demoOnly(e: Pick<Env, 'NODE_ENV' | 'DEMO_MODE'> = env()): void {
  if (e.NODE_ENV === 'production' && !e.DEMO_MODE) notFound();
}
