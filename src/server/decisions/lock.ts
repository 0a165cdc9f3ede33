import 'server-only';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/generated/prisma/client';
import { isUuid } from '@/lib/ids';
import type { Tx } from '../db';

// The tables a decision locks; a closed list, because the name is written into the SQL.
export type LockableTable =
  | 'Worksite'
  | 'Enrolment'
  | 'Membership'
  | 'Person'
  | 'PharmanetWorksiteRequest'
  | 'PharmanetUserRequest'
  | 'RemoteAccessRequest'
  | 'ProfessionChangeRequest';

/**
 * Locks one row for the rest of the transaction, so decisions on the same record queue up and
 * the second reads what the first wrote. A malformed or unknown id answers not-found, the same
 * way whoever asks.
 */
export async function lockById(tx: Pick<Tx, '$queryRawUnsafe'>, table: LockableTable, id: string, notFound: string): Promise<void> {
  if (!isUuid(id)) throw new DomainError('NOT_FOUND', notFound);
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "${table}" WHERE id = $1::uuid FOR UPDATE`, id);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', notFound);
}

/**
 * Locks the row, then reads `columns` over it (alias `w`: subqueries for what the decision will
 * change, which may lock rows of their own) in the same statement. The row is locked first, in
 * the CTE, as `lockById` would, so lock order stays the same for every path.
 */
export async function lockWith<T>(tx: Pick<Tx, '$queryRaw'>, table: LockableTable, id: string, notFound: string, columns: Prisma.Sql): Promise<T> {
  if (!isUuid(id)) throw new DomainError('NOT_FOUND', notFound);
  const [row] = await tx.$queryRaw<T[]>`
    WITH w AS MATERIALIZED (SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid FOR UPDATE)
    SELECT w.id, ${columns} FROM w`;
  if (!row) throw new DomainError('NOT_FOUND', notFound);
  return row;
}
