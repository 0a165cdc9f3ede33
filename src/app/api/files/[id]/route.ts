import { isDomainError } from '@/lib/errors';
import { getViewer } from '@/server/authz';
import { openFileForViewing } from '@/server/files/access';
import { attachmentDisposition, inlineDisposition } from '@/server/files/filename';
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

// `?inline=1` lets the team's decision page show the screenshot in an <img>. Only the types the
// upload re-encodes to are ever shown inline; anything else still arrives as a download.
const INLINE_TYPES = new Set(['image/png', 'image/jpeg']);

// Signed out, not allowed and missing all look the same: the id tells nobody anything.
const notFound = () =>
  new Response('Not found', { status: 404, headers: { ...SAFE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await getViewer();
  if (!me) return notFound();
  const wantsInline = new URL(request.url).searchParams.get('inline') === '1';
  try {
    // The same check and the same audit event as a download: viewing is seeing the file.
    const file = await openFileForViewing(me, id, await requestContext());
    const inline = wantsInline && INLINE_TYPES.has(file.contentType);
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        ...SAFE_HEADERS,
        'Content-Type': file.contentType,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': inline ? inlineDisposition(file.filename) : attachmentDisposition(file.filename),
      },
    });
  } catch (e) {
    if (isDomainError(e) && e.code === 'NOT_FOUND') return notFound();
    throw e;
  }
}
