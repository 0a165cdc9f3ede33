import 'server-only';
import sharp, { type Metadata } from 'sharp';
import {
  checkUpload,
  CONTENT_TYPE,
  dimensionsMessage,
  MAX_UPLOAD_PIXELS,
  UNREADABLE_MESSAGE,
  type ImageType,
  type UploadRefusal,
} from './sniff';

export type PreparedImage = {
  ok: true;
  type: ImageType;
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
};

const unreadable: UploadRefusal = { ok: false, reason: 'unreadable', message: UNREADABLE_MESSAGE };

// libvips refuses anything above this many pixels before it allocates them, so a small file
// that claims huge dimensions (a decompression bomb) costs almost nothing to turn away.
const input = { limitInputPixels: MAX_UPLOAD_PIXELS, failOn: 'error' as const, pages: 1 };

/**
 * Decodes the whole image and encodes it again in the same format. What is stored is only what
 * the encoder wrote: pixels, turned upright from the EXIF orientation, in sRGB, with no EXIF,
 * XMP, comments, ICC profile or bytes hidden after the image.
 */
export async function reencodeImage(bytes: Uint8Array, type: ImageType): Promise<PreparedImage | UploadRefusal> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, input).metadata();
  } catch (e) {
    return refusalFor(e);
  }
  if (meta.format !== type || !meta.width || !meta.height) return unreadable;
  if (meta.width * meta.height > MAX_UPLOAD_PIXELS) {
    return { ok: false, reason: 'dimensions', message: dimensionsMessage(meta.width, meta.height) };
  }
  try {
    const pipeline = sharp(bytes, input).rotate().toColourspace('srgb').timeout({ seconds: 30 });
    const encoded = type === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.jpeg({ quality: 90 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, type, contentType: CONTENT_TYPE[type], bytes: data, width: info.width, height: info.height };
  } catch (e) {
    return refusalFor(e);
  }
}

function refusalFor(e: unknown): UploadRefusal {
  const message = e instanceof Error ? e.message : '';
  if (/pixel limit/i.test(message)) {
    return { ok: false, reason: 'dimensions', message: 'The image is larger than 40 megapixels. Take a screenshot of a smaller area of the screen.' };
  }
  return unreadable;
}

/** Every check an uploaded screenshot goes through, cheapest first; the bytes to store, or why not. */
export async function prepareUpload(upload: { bytes: Uint8Array; declaredName: string }): Promise<PreparedImage | UploadRefusal> {
  const check = checkUpload(upload);
  if (!check.ok) return check;
  return reencodeImage(upload.bytes, check.type);
}
