// Filenames people chose, made safe to store and to send back in a download header. Pure, so
// both are tested alone.

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

/**
 * A filename that is safe to store and to send back in a header: no folders, no control or
 * quoting characters, a bounded length, and the extension of what the file really is (so
 * "report.exe" stored as a PNG comes back as "report.png").
 */
export function safeFilename(name: string, contentType: string): string {
  const ext = EXTENSIONS[contentType] ?? 'bin';
  const cleaned = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["'`<>:*?|;%\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '') // the sender's extension says nothing; the content decides
    .replace(/^[.\s-]+/, '');
  // Counted in characters, not UTF-16 units, so an emoji is never cut in half.
  const base = Array.from(cleaned).slice(0, 80).join('').replace(/[.\s]+$/, '');
  return `${base || 'antivirus-screenshot'}.${ext}`;
}

// RFC 8187 attr-char: letters, digits and !#$&+-.^_`|~ go through; everything else is %XX.
const encodeRfc8187 = (s: string) =>
  Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');

/**
 * Content-Disposition for a download (RFC 6266): a plain ASCII filename for every browser, and
 * the exact UTF-8 name as filename* (RFC 8187) for those that read it.
 */
export function attachmentDisposition(filename: string): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'download';
  // Inside a quoted-string only printable ASCII is safe; quotes and backslashes would end or
  // escape it, so they are replaced rather than escaped (some browsers ignore escapes).
  const fallback = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const header = `attachment; filename="${fallback}"`;
  return fallback === clean ? header : `${header}; filename*=UTF-8''${encodeRfc8187(clean)}`;
}

/** The same header for showing the file in a page (the team's <img>) rather than saving it. */
export const inlineDisposition = (filename: string): string =>
  attachmentDisposition(filename).replace(/^attachment;/, 'inline;');
