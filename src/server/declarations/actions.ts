'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { DomainError } from '@/lib/errors';
import { runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { FILE_FIELD } from './schema';
import { submitDeclaration } from './service';

const UNREADABLE_FORM = 'The form could not be read. Reload the page and try again.';

// A FormData rather than plain values: it is the only way a file reaches a server action. The
// fields travel as one JSON entry so their types (booleans, nested answers) survive the trip.
async function readForm(formData: FormData) {
  for (const key of formData.keys()) {
    if (key !== 'fields' && key !== FILE_FIELD) throw new DomainError('VALIDATION', UNREADABLE_FORM);
  }
  const fields = formData.get('fields');
  let input: unknown;
  try {
    input = JSON.parse(typeof fields === 'string' ? fields : '');
  } catch {
    throw new DomainError('VALIDATION', UNREADABLE_FORM);
  }
  const file = formData.get(FILE_FIELD);
  const upload = file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  return { input, upload };
}

export async function submitDeclarationAction(formData: FormData): Promise<ActionResult<{ worksiteId: string }>> {
  const result = await runAction('submitDeclaration', async () => {
    const me = await requireUser();
    if (!(formData instanceof FormData)) throw new DomainError('VALIDATION', UNREADABLE_FORM);
    const { input, upload } = await readForm(formData);
    const r = await submitDeclaration(me.id, input, upload, await requestContext());
    return { worksiteId: r.worksiteId };
  });
  if (!result.ok) return result;
  revalidatePath(`/worksites/${result.data.worksiteId}`);
  redirect(`/worksites/${result.data.worksiteId}`);
}
