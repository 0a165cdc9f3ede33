import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';

// Raw connections: each demotion is its own transaction on its own connection, as concurrent
// requests from different site admins would be.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
afterAll(() => pool.end());

async function worksiteWithAdmins(n: number) {
  const creator = await ensurePerson(db());
  const ws = await createWorksite(db(), { creatorId: creator.id });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = i === 0 ? creator : await ensurePerson(db());
    ids.push((await addMember(db(), { worksiteId: ws.id, personId: p.id, siteAdmin: true })).id);
  }
  return { ws, ids };
}

const activeAdmins = async (worksiteId: string) =>
  Number(
    (
      await pool.query(
        `SELECT count(*) FROM "Membership" WHERE "worksiteId" = $1 AND "isSiteAdmin" AND status = 'ACTIVE'`,
        [worksiteId],
      )
    ).rows[0].count,
  );

describe('a worksite always keeps one active site admin (database trigger)', () => {
  it('refuses to demote the only admin', async () => {
    const { ws, ids } = await worksiteWithAdmins(1);
    await expect(
      pool.query(`UPDATE "Membership" SET "isSiteAdmin" = false WHERE id = $1`, [ids[0]]),
    ).rejects.toThrow(/LAST_SITE_ADMIN/);
    await expect(
      pool.query(`UPDATE "Membership" SET status = 'INACTIVE' WHERE id = $1`, [ids[0]]),
    ).rejects.toThrow(/LAST_SITE_ADMIN/);
    await expect(pool.query(`DELETE FROM "Membership" WHERE id = $1`, [ids[0]])).rejects.toThrow();
    expect(await activeAdmins(ws.id)).toBe(1);
  });

  it('allows it once another admin exists, and when the worksite is closed', async () => {
    const { ws, ids } = await worksiteWithAdmins(2);
    await pool.query(`UPDATE "Membership" SET "isSiteAdmin" = false WHERE id = $1`, [ids[0]]);
    expect(await activeAdmins(ws.id)).toBe(1);
    await pool.query(`UPDATE "Worksite" SET status = 'CLOSED' WHERE id = $1`, [ws.id]);
    await pool.query(`UPDATE "Membership" SET status = 'ENDED' WHERE id = $1`, [ids[1]]);
    expect(await activeAdmins(ws.id)).toBe(0);
  });

  it('20 concurrent demotions and inactivations always leave at least one (repeated 10 times)', async () => {
    for (let round = 0; round < 10; round++) {
      const { ws, ids } = await worksiteWithAdmins(5);
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const id = ids[i % ids.length];
        const sql =
          i % 2 === 0
            ? `UPDATE "Membership" SET "isSiteAdmin" = false WHERE id = $1`
            : `UPDATE "Membership" SET status = 'INACTIVE' WHERE id = $1`;
        return (async () => {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query(sql, [id]);
            await c.query('COMMIT');
            return 'ok';
          } catch (e) {
            await c.query('ROLLBACK');
            return (e as Error).message.includes('LAST_SITE_ADMIN') ? 'refused' : `error: ${(e as Error).message}`;
          } finally {
            c.release();
          }
        })();
      });
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((o) => o.startsWith('error'))).toEqual([]);
      expect(outcomes).toContain('refused');
      expect(await activeAdmins(ws.id)).toBe(1);
    }
  });
});
