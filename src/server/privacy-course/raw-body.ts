import 'server-only';

/**
 * The request body as text, or null once it passes `limit` bytes. Reads the stream itself so an
 * oversize body is cut off early instead of being buffered whole (a Content-Length can lie or be
 * absent with chunked encoding).
 */
export async function readBodyLimited(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  // Bytes that are not UTF-8 decode to replacement characters, so their signature cannot match.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
