import { readdirSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationStatus, migrationsDir } from '../../scripts/lib/migrations';

const url = () => process.env.DATABASE_URL!;

describe('per-file database', () => {
  it('has every migration applied and none pending or failed', async () => {
    const status = await migrationStatus(url());
    expect(status.history ?? null).toBeNull();
    expect(status.failedMigrationNames).toEqual([]);
    expect(status.editedMigrationNames).toEqual([]);
  });

  it('records every migration folder in _prisma_migrations', async () => {
    const folders = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    try {
      const r = await c.query(
        'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(r.rows.map((x) => x.migration_name)).toEqual(folders);
      for (const row of r.rows) {
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      await c.end();
    }
  });
});
