// The HTTP benchmark measures on the same volume as the data benchmark.
import pg from 'pg';
import { VOLUME, seedVolume } from '../seed-volume';

export async function seedVolumeInto(databaseUrl: string): Promise<{ worksites: number; people: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await seedVolume(c, (s) => console.log(s));
    return { worksites: VOLUME.worksites, people: VOLUME.people };
  } finally {
    await c.end();
  }
}
