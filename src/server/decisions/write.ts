import 'server-only';
import type { Tx } from '../db';
import type { LockableTable } from './lock';

// A decision's writes in one statement (decision 030, 027): the guarded status update, then the
// rows that only exist when it wrote (history, audit, outbox…), as data-modifying CTEs. Columns
// take their types from the table itself (jsonb_populate_record), so a row is plain data.

/** The guarded update: `id` still in `status`, else nothing of this statement is written. */
export type GuardedUpdate = {
  table: LockableTable;
  id: string;
  status: string;
  set: Record<string, unknown>;
};

/** A row to insert (or, with `updateId`, the columns to set on that row). `name` lets another
 * row depend on it (`onlyIf`): an insert that did nothing (`skipDuplicates` met an existing key)
 * then writes nothing that depends on it. */
export type RowWrite = {
  table: string;
  data: Record<string, unknown>;
  updateId?: string;
  skipDuplicates?: boolean;
  name?: string;
  onlyIf?: string;
};

export type Written = { updated: number; inserted: Record<string, number> };

// Table and column names come from code, never from input; quoted all the same.
const ident = (s: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`Not a plain SQL name: ${s}`);
  return `"${s}"`;
};

/** JSON without undefined fields, so omitted columns keep their defaults. */
const present = (d: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));

export async function writeDecision(
  tx: Pick<Tx, '$queryRawUnsafe'>,
  update: GuardedUpdate | null,
  rows: readonly RowWrite[],
): Promise<Written> {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const ctes: string[] = [];
  const counted: string[] = [];
  const populated = (table: string, data: Record<string, unknown>) => {
    const cols = Object.keys(data).map(ident).join(', ');
    return {
      cols,
      from: `SELECT ${cols} FROM jsonb_populate_record(NULL::${ident(table)}, ${p(JSON.stringify(data))}::jsonb)`,
    };
  };
  if (update) {
    const { cols, from } = populated(update.table, present(update.set));
    ctes.push(
      `u AS (UPDATE ${ident(update.table)} t SET (${cols}) = (${from}) WHERE t.id = ${p(update.id)}::uuid AND t.status::text = ${p(update.status)} RETURNING t.id)`,
    );
  }
  rows.forEach((r, i) => {
    const name = `i${i}`;
    const { cols, from } = populated(r.table, present(r.data));
    const guards = [
      update ? 'EXISTS (SELECT 1 FROM u)' : null,
      r.onlyIf ? `EXISTS (SELECT 1 FROM ${cteOf(rows, r.onlyIf)})` : null,
    ].filter(Boolean);
    const where = guards.length ? ` WHERE ${guards.join(' AND ')}` : '';
    ctes.push(
      r.updateId
        ? `${name} AS (UPDATE ${ident(r.table)} t SET (${cols}) = (${from}) WHERE t.id = ${p(r.updateId)}::uuid${guards.length ? ` AND ${guards.join(' AND ')}` : ''} RETURNING 1)`
        : `${name} AS (INSERT INTO ${ident(r.table)} (${cols}) ${from}${where}${r.skipDuplicates ? ' ON CONFLICT DO NOTHING' : ''} RETURNING 1)`,
    );
    if (r.name) counted.push(`${p(r.name)}::text, (SELECT count(*) FROM ${name})`);
  });
  const sql = `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT ${update ? '(SELECT count(*) FROM u)' : '1'}::int AS updated, json_build_object(${counted.join(', ')}) AS inserted`;
  const [r] = await tx.$queryRawUnsafe<{ updated: number; inserted: Record<string, number> }[]>(
    sql,
    ...params,
  );
  return { updated: r!.updated, inserted: r!.inserted };
}

function cteOf(rows: readonly RowWrite[], name: string): string {
  const i = rows.findIndex((r) => r.name === name);
  if (i < 0) throw new Error(`No row named ${name}`);
  return `i${i}`;
}
