import { describe, expect, it } from 'vitest';
import { attachmentDisposition, safeFilename } from '@/server/files/filename';
import { checkUpload, headerDimensions, MAX_UPLOAD_BYTES, sniff, type DetectedKind } from '@/server/files/sniff';

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];

/** Signature + IHDR chunk header with the given size (enough for a header-only check). */
const pngHeader = (w: number, h: number) => bytes(PNG_SIG, be32(13), 'IHDR', be32(w), be32(h), [8, 2, 0, 0, 0], [0, 0, 0, 0]);
/** SOI, an APP0 segment, then a baseline start-of-frame with the given size. */
const jpegHeader = (w: number, h: number, sof = 0xc0) =>
  bytes([0xff, 0xd8], [0xff, 0xe0], be16(16), 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, sof], be16(17), [8], be16(h), be16(w), [3]);

describe('sniff: the kind of a file comes from its bytes', () => {
  const table: Array<[string, Uint8Array, DetectedKind]> = [
    ['PNG', pngHeader(10, 10), 'png'],
    ['JPEG (JFIF)', jpegHeader(10, 10), 'jpeg'],
    ['JPEG (EXIF)', bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16], 'Exif'), 'jpeg'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif'],
    ['PDF', bytes('%PDF-1.7\n'), 'pdf'],
    ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04, 20, 0]), 'zip'],
    ['empty ZIP', bytes([0x50, 0x4b, 0x05, 0x06]), 'zip'],
    ['ELF executable', bytes([0x7f], 'ELF', [2, 1, 1, 0]), 'elf'],
    ['Windows PE executable', bytes('MZ', [0x90, 0, 3, 0]), 'pe'],
    ['Mach-O 64-bit', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0]), 'macho'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['BMP', bytes('BM', [0, 0, 0, 0]), 'bmp'],
    ['TIFF (little-endian)', bytes([0x49, 0x49, 0x2a, 0x00]), 'tiff'],
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'heic'],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'svg'],
    ['SVG with a prologue, BOM and spaces', bytes([0xef, 0xbb, 0xbf], '  \n<?xml version="1.0"?>\n<!-- x -->\n<svg></svg>'), 'svg'],
    ['HTML', bytes('<!DOCTYPE html><html><body><svg></svg></body></html>'), 'html'],
    ['XML', bytes('<?xml version="1.0"?><root/>'), 'xml'],
    ['shell script', bytes('#!/bin/sh\nrm -rf /'), 'script'],
    ['plain text', bytes('hello, world'), 'unknown'],
    ['nothing', bytes(), 'unknown'],
    ['truncated PNG signature', bytes(PNG_SIG.slice(0, 4)), 'unknown'],
  ];
  it.each(table)('%s', (_name, b, kind) => {
    expect(sniff(b)).toBe(kind);
  });
});

describe('headerDimensions', () => {
  it('reads a PNG IHDR and a JPEG start-of-frame (baseline and progressive)', () => {
    expect(headerDimensions(pngHeader(1920, 1080), 'png')).toEqual({ width: 1920, height: 1080 });
    expect(headerDimensions(jpegHeader(1280, 720), 'jpeg')).toEqual({ width: 1280, height: 720 });
    expect(headerDimensions(jpegHeader(640, 480, 0xc2), 'jpeg')).toEqual({ width: 640, height: 480 });
  });
  it('answers null when the header cannot be read, leaving the decoder the last word', () => {
    expect(headerDimensions(bytes(PNG_SIG, be32(13), 'IDAT'), 'png')).toBeNull();
    expect(headerDimensions(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'jpeg')).toBeNull();
    expect(headerDimensions(bytes([0xff, 0xd8, 0x00, 0x00, 0, 0]), 'jpeg')).toBeNull();
  });
});

describe('checkUpload', () => {
  it('accepts a PNG and a JPEG, whatever their names say', () => {
    expect(checkUpload({ bytes: pngHeader(800, 600), declaredName: 'shot.png' })).toEqual({ ok: true, type: 'png' });
    expect(checkUpload({ bytes: jpegHeader(800, 600), declaredName: 'shot.png' })).toEqual({ ok: true, type: 'jpeg' });
    expect(checkUpload({ bytes: pngHeader(800, 600), declaredName: 'no-extension' })).toEqual({ ok: true, type: 'png' });
  });

  it('names what a refused file is', () => {
    expect(checkUpload({ bytes: bytes('GIF89a', [1, 0]), declaredName: 'a.gif' })).toEqual({
      ok: false,
      reason: 'type',
      message: 'The file must be a PNG or JPEG image. This file is a GIF.',
    });
    const svg = checkUpload({ bytes: bytes('<svg onload="alert(1)"/>'), declaredName: 'logo.svg' });
    expect(svg).toMatchObject({ ok: false, reason: 'type', message: 'The file must be a PNG or JPEG image. This file is an SVG image.' });
    expect(checkUpload({ bytes: bytes('%PDF-1.4'), declaredName: 'x.pdf' })).toMatchObject({ reason: 'type', message: expect.stringContaining('a PDF document') });
    expect(checkUpload({ bytes: bytes('hello'), declaredName: 'x.txt' })).toMatchObject({
      reason: 'type',
      message: 'The file must be a PNG or JPEG image. We could not recognise what kind of file this is.',
    });
  });

  it('an executable renamed to .png is refused as the program it is', () => {
    expect(checkUpload({ bytes: bytes([0x7f], 'ELF', [2, 1, 1, 0]), declaredName: 'antivirus.png' })).toEqual({
      ok: false,
      reason: 'type',
      message: 'The file must be a PNG or JPEG image. This file is a Linux program, even though its name ends in .png.',
    });
    expect(checkUpload({ bytes: bytes('MZ', [0x90, 0]), declaredName: 'scan.JPG' })).toMatchObject({
      reason: 'type',
      message: expect.stringContaining('a Windows program, even though its name ends in .jpg'),
    });
  });

  it('5 MB is the limit: exactly 5 MB passes, one byte more does not', () => {
    const at = new Uint8Array(MAX_UPLOAD_BYTES);
    at.set(pngHeader(100, 100));
    expect(checkUpload({ bytes: at, declaredName: 'a.png' })).toEqual({ ok: true, type: 'png' });
    const over = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    over.set(pngHeader(100, 100));
    const r = checkUpload({ bytes: over, declaredName: 'a.png' });
    expect(r).toMatchObject({ ok: false, reason: 'size' });
    expect(r.ok || r.message).toMatch(/^The file is larger than 5 MB \(it is 5\.0 MB\)\./);
    expect(MAX_UPLOAD_BYTES).toBe(5 * 1024 * 1024);
  });

  it('40 megapixels is the limit, read from the header before anything is decoded', () => {
    expect(checkUpload({ bytes: pngHeader(8000, 5000), declaredName: 'a.png' })).toEqual({ ok: true, type: 'png' });
    expect(checkUpload({ bytes: pngHeader(8000, 5001), declaredName: 'a.png' })).toMatchObject({ ok: false, reason: 'dimensions' });
    expect(checkUpload({ bytes: pngHeader(20000, 20000), declaredName: 'a.png' })).toEqual({
      ok: false,
      reason: 'dimensions',
      message: 'The image is larger than 40 megapixels (20000×20000). Take a screenshot of a smaller area of the screen.',
    });
    expect(checkUpload({ bytes: jpegHeader(65000, 65000), declaredName: 'a.jpg' })).toMatchObject({ reason: 'dimensions' });
  });

  it('an empty file or a zero-sized image is unreadable', () => {
    expect(checkUpload({ bytes: bytes(), declaredName: 'a.png' })).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(checkUpload({ bytes: pngHeader(0, 100), declaredName: 'a.png' })).toMatchObject({
      ok: false,
      reason: 'unreadable',
      message: 'We could not read this image. It may be damaged; take the screenshot again.',
    });
  });
});

describe('safeFilename', () => {
  it.each([
    ['antivirus.png', 'image/png', 'antivirus.png'],
    ['C:\\Users\\me\\Desktop\\scan.PNG', 'image/png', 'scan.png'],
    ['../../etc/passwd', 'image/png', 'passwd.png'],
    ['virus.exe', 'image/png', 'virus.png'],
    ['photo.png', 'image/jpeg', 'photo.jpg'],
    ['Screenshot 2026-01-01 at 10.32.15 AM', 'image/png', 'Screenshot 2026-01-01 at 10.32.15 AM.png'],
    ['a"b;c\r\nSet-Cookie: x.png', 'image/png', 'abcSet-Cookie x.png'],
    ['\u202Egnp.exe', 'image/png', 'gnp.png'],
    ['.htaccess', 'image/png', 'htaccess.png'],
    ['.png', 'image/png', 'antivirus-screenshot.png'],
    ['', 'image/jpeg', 'antivirus-screenshot.jpg'],
    ['Écran d’accueil.png', 'image/png', 'Écran d’accueil.png'],
  ])('%j as %s → %j', (name, type, expected) => {
    expect(safeFilename(name, type)).toBe(expected);
  });
  it('keeps names short without splitting a character', () => {
    const name = safeFilename(`${'😀'.repeat(100)}.png`, 'image/png');
    expect(Array.from(name)).toHaveLength(84);
    expect(name).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  });
});

describe('attachmentDisposition (RFC 6266)', () => {
  it('quotes a plain ASCII name', () => {
    expect(attachmentDisposition('antivirus.png')).toBe('attachment; filename="antivirus.png"');
  });
  it('gives an ASCII fallback and the exact UTF-8 name as filename*', () => {
    expect(attachmentDisposition('Écran d’accueil.png')).toBe(
      `attachment; filename="_cran d_accueil.png"; filename*=UTF-8''%C3%89cran%20d%E2%80%99accueil.png`,
    );
  });
  it('never lets a quote, backslash or line break out of the header value', () => {
    const h = attachmentDisposition('a"b\\c\r\nX-Evil: 1.png');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.match(/"/g)).toHaveLength(2);
    expect(h).toContain(`filename*=UTF-8''a%22b%5CcX-Evil%3A%201.png`);
  });
});
