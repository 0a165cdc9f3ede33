// What an uploaded file really is, from its first bytes: the name and the browser's declared
// type are chosen by the sender, so neither decides anything. Pure (no I/O), so the form can use
// the limits too.

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_UPLOAD_PIXELS = 40_000_000; // 40 megapixels
export const UPLOAD_ACCEPT = 'image/png,image/jpeg';

export type ImageType = 'png' | 'jpeg';
export type UploadRefusalReason = 'type' | 'size' | 'dimensions' | 'unreadable';
export type UploadRefusal = { ok: false; reason: UploadRefusalReason; message: string };
export type UploadCheck = { ok: true; type: ImageType } | UploadRefusal;

export const CONTENT_TYPE: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg' };
export const EXTENSION: Record<ImageType, string> = { png: 'png', jpeg: 'jpg' };

export type DetectedKind =
  | ImageType
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'tiff'
  | 'heic'
  | 'svg'
  | 'html'
  | 'xml'
  | 'pdf'
  | 'zip'
  | 'pe'
  | 'elf'
  | 'macho'
  | 'script'
  | 'unknown';

// How the refusal names what was sent ("This file is a GIF.").
export const KIND_LABEL: Record<Exclude<DetectedKind, 'unknown'>, string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tiff: 'a TIFF image',
  heic: 'a HEIC photo',
  svg: 'an SVG image',
  html: 'a web page (HTML)',
  xml: 'an XML document',
  pdf: 'a PDF document',
  zip: 'a ZIP archive (or an Office document)',
  pe: 'a Windows program',
  elf: 'a Linux program',
  macho: 'a Mac program',
  script: 'a script',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const SIGNATURES: Array<[Exclude<DetectedKind, 'unknown' | 'svg' | 'html' | 'xml'>, number[], number?]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', ascii('GIF87a')],
  ['gif', ascii('GIF89a')],
  ['pdf', ascii('%PDF-')],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]], // empty archive
  ['zip', [0x50, 0x4b, 0x07, 0x08]], // spanned archive
  ['elf', [0x7f, 0x45, 0x4c, 0x46]],
  ['pe', ascii('MZ')],
  ['macho', [0xfe, 0xed, 0xfa, 0xce]],
  ['macho', [0xfe, 0xed, 0xfa, 0xcf]],
  ['macho', [0xce, 0xfa, 0xed, 0xfe]],
  ['macho', [0xcf, 0xfa, 0xed, 0xfe]],
  ['macho', [0xca, 0xfe, 0xba, 0xbe]], // universal binary
  ['bmp', ascii('BM')],
  ['tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['script', ascii('#!')],
];

/** The kind of file, by its magic bytes (and, for text formats, its opening markup). */
export function sniff(bytes: Uint8Array): DetectedKind {
  for (const [kind, sig, at] of SIGNATURES) if (startsWith(bytes, sig, at)) return kind;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'mif1', 'msf1', 'avif'].includes(brand)) return 'heic';
  }
  return sniffMarkup(bytes);
}

function sniffMarkup(bytes: Uint8Array): DetectedKind {
  let head = bytes.subarray(0, 2048);
  if (startsWith(head, [0xef, 0xbb, 0xbf])) head = head.subarray(3); // UTF-8 byte order mark
  const text = String.fromCharCode(...head).trimStart().toLowerCase();
  if (!text.startsWith('<')) return 'unknown';
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'html';
  // An SVG may open with an XML prologue, comments or a doctype before its <svg> element.
  if (text.includes('<svg')) return 'svg';
  if (text.startsWith('<?xml')) return 'xml';
  return 'unknown';
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

/**
 * Width and height as the file's header states them, without decoding anything; null when the
 * header cannot be read (the decoder then has the last word). Lets an image bomb be refused
 * before any pixel memory is allocated.
 */
export function headerDimensions(bytes: Uint8Array, type: ImageType): { width: number; height: number } | null {
  if (type === 'png') {
    // Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
    if (bytes.length < 24 || !startsWith(bytes, ascii('IHDR'), 12)) return null;
    return { width: u32(bytes, 16), height: u32(bytes, 20) };
  }
  // JPEG: walk the segments to the first start-of-frame marker.
  let i = 2;
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += 2; // markers without a length
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 8 >= bytes.length) return null;
      return { width: u16(bytes, i + 7), height: u16(bytes, i + 5) };
    }
    i += 2 + u16(bytes, i + 2);
  }
  return null;
}

const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,10})$/.exec(name.trim())?.[1]?.toLowerCase() ?? null;

export const formatMegabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

export const UNREADABLE_MESSAGE = 'We could not read this image. It may be damaged; take the screenshot again.';

export const dimensionsMessage = (width: number, height: number) =>
  `The image is larger than 40 megapixels (${width}×${height}). Take a screenshot of a smaller area of the screen.`;

/** The checks that need nothing but the bytes: type by content, size, dimensions in the header. */
export function checkUpload({ bytes, declaredName }: { bytes: Uint8Array; declaredName: string }): UploadCheck {
  if (bytes.length === 0) {
    return { ok: false, reason: 'unreadable', message: 'The file is empty. Take the screenshot again and attach it.' };
  }
  const kind = sniff(bytes);
  if (kind !== 'png' && kind !== 'jpeg') {
    const ext = extensionOf(declaredName);
    const what =
      kind === 'unknown'
        ? 'We could not recognise what kind of file this is.'
        : `This file is ${KIND_LABEL[kind]}${ext === 'png' || ext === 'jpg' || ext === 'jpeg' ? `, even though its name ends in .${ext}` : ''}.`;
    return { ok: false, reason: 'type', message: `The file must be a PNG or JPEG image. ${what}` };
  }
  if (bytes.length > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      reason: 'size',
      message: `The file is larger than 5 MB (it is ${formatMegabytes(bytes.length)}). Save the screenshot as a JPEG, or capture a smaller area of the screen.`,
    };
  }
  const dims = headerDimensions(bytes, kind);
  if (dims && dims.width * dims.height > MAX_UPLOAD_PIXELS) {
    return { ok: false, reason: 'dimensions', message: dimensionsMessage(dims.width, dims.height) };
  }
  if (dims && (dims.width === 0 || dims.height === 0)) {
    return { ok: false, reason: 'unreadable', message: UNREADABLE_MESSAGE };
  }
  return { ok: true, type: kind };
}
