import 'server-only';
import { createHash } from 'node:crypto';
import { db, type Tx } from '../db';
import { safeFilename } from './filename';
import { isUuid } from '@/lib/ids';

export type PutFile = {
  bytes: Uint8Array;
  contentType: string;
  filename: string; // as the person named it; made safe here
  uploadedById: string;
  width?: number | null;
  height?: number | null;
};

export type StoredFileContent = { bytes: Buffer; contentType: string; filename: string; sha256: string };

/**
 * Where uploaded files live. Bytes sit in PostgreSQL today; object storage can replace this
 * without touching callers, as long as `put` records the file inside the caller's transaction
 * (so a refused submission leaves nothing behind) and `get` returns the same bytes.
 */
export interface FileStore {
  put(tx: Tx, file: PutFile): Promise<{ id: string; sha256: string; size: number }>;
  get(id: string, tx?: Tx): Promise<StoredFileContent | null>;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');


class PostgresFileStore implements FileStore {
  async put(tx: Tx, file: PutFile) {
    const sha256 = sha256Hex(file.bytes);
    const row = await tx.storedFile.create({
      data: {
        sha256,
        size: file.bytes.length,
        contentType: file.contentType,
        filename: safeFilename(file.filename, file.contentType),
        width: file.width ?? null,
        height: file.height ?? null,
        bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as Uint8Array<ArrayBuffer>,
        uploadedById: file.uploadedById,
      },
      select: { id: true, sha256: true, size: true },
    });
    return row;
  }

  async get(id: string, tx?: Tx) {
    if (!isUuid(id)) return null;
    const row = await (tx ?? db()).storedFile.findUnique({
      where: { id },
      select: { bytes: true, contentType: true, filename: true, sha256: true },
    });
    if (!row) return null;
    return { bytes: Buffer.from(row.bytes), contentType: row.contentType, filename: row.filename, sha256: row.sha256 };
  }
}

let store: FileStore | null = null;
export function fileStore(): FileStore {
  store ??= new PostgresFileStore();
  return store;
}
