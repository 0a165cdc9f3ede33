import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { submitDeclaration } from '@/server/declarations/service';
import { prepareUpload, reencodeImage } from '@/server/files/image';
import { MAX_UPLOAD_BYTES } from '@/server/files/sniff';
import { fileStore } from '@/server/files/store';
import { smallJpeg, smallPng, validDeclaration } from '../factories/declarations';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';

const ctx = { requestId: 'req-files', ip: '203.0.113.7', userAgent: 'vitest' };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function siteAwaitingDeclaration() {
  const admin = await ensurePerson(db());
  const worksite = await createWorksite(db(), { creatorId: admin.id, status: 'AWAITING_DECLARATION' });
  await addMember(db(), { worksiteId: worksite.id, personId: admin.id, siteAdmin: true });
  const { input } = await validDeclaration(db(), { worksiteId: worksite.id });
  return { admin, worksite, input };
}

/** Submits with the given file and expects a refusal that names the file and stores nothing. */
async function expectRefusedStoringNothing(upload: { bytes: Uint8Array; name: string }, message: string) {
  const { admin, worksite, input } = await siteAwaitingDeclaration();
  const filesBefore = await db().storedFile.count();
  const error = await submitDeclaration(admin.id, input, upload, ctx).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code: 'VALIDATION', fieldErrors: { antivirusScreenshot: message } });
  expect(Object.keys((error as DomainError).fieldErrors!)).toEqual(['antivirusScreenshot']);
  expect(await db().storedFile.count()).toBe(filesBefore);
  expect(await db().declaration.count({ where: { worksiteId: worksite.id } })).toBe(0);
  expect(await db().submissionSnapshot.count({ where: { worksiteId: worksite.id } })).toBe(0);
  expect(await db().outboxEmail.count({ where: { worksiteId: worksite.id } })).toBe(0);
  expect(await db().auditEvent.count({ where: { worksiteId: worksite.id } })).toBe(0);
  expect((await db().worksite.findUniqueOrThrow({ where: { id: worksite.id } })).status).toBe('AWAITING_DECLARATION');
}

/** What prepareUpload says about a file, then the same refusal end to end through the service. */
async function expectRefusal(bytes: Uint8Array, name: string, reason: string, message: string | RegExp) {
  const r = await prepareUpload({ bytes, declaredName: name });
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.reason).toBe(reason);
  expect(r.message).toMatch(message);
  await expectRefusedStoringNothing({ bytes, name }, r.message);
}

describe('refused uploads: the right reason, and nothing stored', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await sharp({ create: { width: 20000, height: 20000, channels: 3, background: { r: 250, g: 250, b: 250 } }, limitInputPixels: false })
      .png({ compressionLevel: 9 })
      .toBuffer();
  }, 120_000);

  it('an ELF executable named .png', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 0x90)]);
    await expectRefusal(elf, 'antivirus.png', 'type', 'The file must be a PNG or JPEG image. This file is a Linux program, even though its name ends in .png.');
  });

  it('a Windows executable named .png', async () => {
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('PE\0\0'), Buffer.alloc(2048)]);
    await expectRefusal(pe, 'screenshot.png', 'type', /This file is a Windows program, even though its name ends in \.png\.$/);
  });

  it('an SVG (which could carry script)', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    await expectRefusal(svg, 'shot.png', 'type', /^The file must be a PNG or JPEG image\. This file is an SVG image/);
  });

  it('a GIF', async () => {
    const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }).gif().toBuffer();
    await expectRefusal(gif, 'shot.gif', 'type', 'The file must be a PNG or JPEG image. This file is a GIF.');
  });

  it('a truncated PNG', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    await expectRefusal(truncated, 'shot.png', 'unreadable', 'We could not read this image. It may be damaged; take the screenshot again.');
  });

  it('a truncated JPEG', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    await expectRefusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'shot.jpg', 'unreadable', /^We could not read this image/);
  });

  it('a 6 MB file', async () => {
    const png = await smallPng();
    const big = Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024 - png.length)]);
    expect(big.length).toBeGreaterThan(MAX_UPLOAD_BYTES);
    await expectRefusal(big, 'shot.png', 'size', 'The file is larger than 5 MB (it is 6.0 MB). Save the screenshot as a JPEG, or capture a smaller area of the screen.');
  });

  it('a 20,000 × 20,000 image (a small file that would decode to 1.2 GB)', async () => {
    expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES); // refused for its dimensions, not its size
    await expectRefusal(bomb, 'shot.png', 'dimensions', 'The image is larger than 40 megapixels (20000×20000). Take a screenshot of a smaller area of the screen.');
  });

  it('the decoder refuses the same image on its own, before allocating its pixels', async () => {
    expect(await reencodeImage(bomb, 'png')).toMatchObject({ ok: false, reason: 'dimensions' });
  });

  it('no file at all', async () => {
    const { admin, input } = await siteAwaitingDeclaration();
    await expect(submitDeclaration(admin.id, input, null, ctx)).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { antivirusScreenshot: 'Attach a screenshot showing your antivirus software is active' },
    });
    await expect(submitDeclaration(admin.id, input, { bytes: new Uint8Array(), name: 'x.png' }, ctx)).rejects.toMatchObject({
      fieldErrors: { antivirusScreenshot: 'Attach a screenshot showing your antivirus software is active' },
    });
  });
});

describe('accepted uploads are re-encoded', () => {
  it('a JPEG carrying EXIF comes back upright, without any metadata, with a matching SHA-256', async () => {
    const input = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2266aa' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret-gps' } } })
      .toBuffer();
    expect(input.includes(Buffer.from('Exif\0\0'))).toBe(true);
    expect(input.includes(Buffer.from('secret-gps'))).toBe(true);

    const { admin, worksite, input: fields } = await siteAwaitingDeclaration();
    const r = await submitDeclaration(admin.id, fields, { bytes: input, name: 'IMG_0042.JPG' }, ctx);
    const stored = await fileStore().get(r.antivirusFileId);
    expect(stored).not.toBeNull();
    const bytes = stored!.bytes;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(bytes.includes(Buffer.from('secret-gps'))).toBe(false);
    expect(bytes.includes(Buffer.from('ICC_PROFILE'))).toBe(false);
    expect(stored).toMatchObject({ contentType: 'image/jpeg', filename: 'IMG_0042.jpg', sha256: sha256(bytes) });
    expect(r.sha256).toBe(sha256(bytes));
    const meta = await sharp(bytes).metadata();
    expect({ w: meta.width, h: meta.height, orientation: meta.orientation, exif: meta.exif, icc: meta.icc }).toEqual({
      w: 30,
      h: 40,
      orientation: undefined,
      exif: undefined,
      icc: undefined,
    });
    const row = await db().storedFile.findUniqueOrThrow({ where: { id: r.antivirusFileId } });
    expect(row).toMatchObject({ size: bytes.length, width: 30, height: 40, uploadedById: admin.id, sha256: sha256(bytes) });
    const declaration = await db().declaration.findFirstOrThrow({ where: { worksiteId: worksite.id } });
    expect(declaration.antivirusFileId).toBe(row.id);
  });

  it('a PNG stays a PNG, loses its metadata chunks and anything appended after it', async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } })
      .png()
      .withMetadata({ exif: { IFD0: { Artist: 'secret-artist' } } })
      .toBuffer();
    const polyglot = Buffer.concat([png, Buffer.from('PK\x03\x04hidden-archive')]);
    const r = await prepareUpload({ bytes: polyglot, declaredName: 'shot.png' });
    expect(r).toMatchObject({ ok: true, type: 'png', contentType: 'image/png', width: 30, height: 20 });
    if (!r.ok) return;
    expect(r.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    for (const marker of ['eXIf', 'iCCP', 'secret-artist', 'hidden-archive', 'PK\x03\x04']) {
      expect(r.bytes.includes(Buffer.from(marker, 'latin1'))).toBe(false);
    }
  });

  it('the content decides the type: a JPEG named .png is stored as a JPEG named .jpg', async () => {
    const { admin, input } = await siteAwaitingDeclaration();
    const r = await submitDeclaration(admin.id, input, { bytes: await smallJpeg(), name: 'C:\\fakepath\\scan.png' }, ctx);
    const stored = await fileStore().get(r.antivirusFileId);
    expect(stored).toMatchObject({ contentType: 'image/jpeg', filename: 'scan.jpg' });
  });

  it('the store answers null for a missing or malformed id', async () => {
    expect(await fileStore().get('00000000-0000-7000-8000-000000000000')).toBeNull();
    expect(await fileStore().get("1' OR '1'='1")).toBeNull();
  });
});
