// The viewer a page would get for a person, for calling guarded reads directly in tests.
import { viewerOf, type Viewer } from '@/server/authz';

export async function viewerFor(personId: string): Promise<Viewer> {
  const v = await viewerOf(personId);
  if (!v) throw new Error(`No active person ${personId} to read as`);
  return v;
}
