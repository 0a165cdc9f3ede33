import { isDomainError } from '@/lib/errors';
import { currentPerson } from '@/server/auth/session';
import { openFileForViewing } from '@/server/files/access';
import { attachmentDisposition } from '@/server/files/filename';
import { requestContext } from '@/server/request-context';

export const dynamic = 'force-dynamic';

// Uploaded files are served as downloads that a browser will neither sniff, render inline,
// run scripts from nor let other sites embed: even a file that slipped past the checks is inert.
const SAFE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Signed out, not allowed and missing all look the same: the id tells nobody anything.
const notFound = () =>
  new Response('Not found', { status: 404, headers: { ...SAFE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await currentPerson();
  if (!me) return notFound();
  try {
    const file = await openFileForViewing(me.id, me.staffRoles, id, await requestContext());
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        ...SAFE_HEADERS,
        'Content-Type': file.contentType,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': attachmentDisposition(file.filename),
      },
    });
  } catch (e) {
    if (isDomainError(e) && e.code === 'NOT_FOUND') return notFound();
    throw e;
  }
}
