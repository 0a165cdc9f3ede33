import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { can, type Subject } from '../authz/guard';
import { db } from '../db';
import type { RequestContext } from '../request-context';
import { fileStore, type StoredFileContent } from './store';
import { isUuid } from '@/lib/ids';

// One answer for "missing" and "not yours", so a file id cannot be probed.
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that file.');

/**
 * An uploaded file, for the enrolment team (any staff role) or an active site admin of a
 * worksite whose declaration references it (SPEC §6, policy `worksite.file.read`). Each view is
 * audited in the same transaction that reads the bytes, so no file is shown without a record of
 * who saw it.
 */
export async function openFileForViewing(viewer: Subject | null, fileId: string, ctx: RequestContext): Promise<StoredFileContent> {
  if (!viewer) throw notFound();
  if (!isUuid(fileId)) throw notFound();
  const isStaff = can(viewer, 'worksite.file.read');
  const personId = viewer.id;
  return db().$transaction(async (tx) => {
    const file = await tx.storedFile.findUnique({
      where: { id: fileId },
      select: { id: true, sha256: true, declarations: { select: { worksiteId: true }, orderBy: { createdAt: 'asc' } } },
    });
    if (!file) throw notFound();
    let worksiteId = file.declarations[0]?.worksiteId ?? null;
    if (!isStaff) {
      // A site admin of one of the worksites whose declaration holds the file.
      worksiteId = file.declarations.map((d) => d.worksiteId).find((w) => can(viewer, 'worksite.file.read', { worksiteId: w })) ?? null;
      if (!worksiteId) throw notFound();
    }
    const content = await fileStore().get(fileId, tx);
    if (!content) throw notFound();
    await audit(tx, {
      actor: { type: isStaff ? 'STAFF' : 'PERSON', personId },
      action: 'file.viewed',
      target: { type: 'FILE', id: fileId },
      worksiteId,
      after: { sha256: file.sha256 },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return content;
  });
}
