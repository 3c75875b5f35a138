import { createHash } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { processPhoto, type ProcessedPhoto } from './process.ts';
import type { PhotoRefusal } from './refusals.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../../test/fixtures/images/${name}`, import.meta.url));

async function cleaned(input: Buffer, options?: Parameters<typeof processPhoto>[1]): Promise<ProcessedPhoto> {
  const result = await processPhoto(input, options);
  if (!result.ok) throw new Error(`expected a cleaned photo, got: ${result.message}`);
  return result;
}

async function refused(input: Buffer, options?: Parameters<typeof processPhoto>[1]): Promise<PhotoRefusal> {
  const result = await processPhoto(input, options);
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + info.channels)];
}

async function expectNoMetadata(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(meta.comments ?? []).toEqual([]);
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#7fa0c0' } });

describe('processPhoto: cleaning (PUB-4)', () => {
  test('PUB-4: a JPEG with GPS and camera details comes back with none of it, and says it carried a location', async () => {
    const input = fixture('gps-camera.jpg');
    const photo = await cleaned(input);
    expect(photo).toMatchObject({
      format: 'jpeg',
      mimeType: 'image/jpeg',
      width: 1200,
      height: 900,
      original: { type: 'jpeg', bytes: input.length, width: 1200, height: 900 },
      hadLocation: true,
      notice: 'This photo carried a location. It has been removed.',
    });
    expect(photo.removedMetadata).toEqual(
      expect.arrayContaining([
        'GPS location',
        'camera make',
        'camera model',
        'date taken',
        'camera serial number',
        'camera owner’s name',
      ]),
    );
    expect(photo.removedMetadata[0]).toBe('GPS location');
    await expectNoMetadata(photo.bytes);
    // Not just the EXIF block: no trace of the values anywhere in the file.
    for (const trace of ['Exif\0\0', 'Canon', 'A. Teacher', 'Kestrel Hill', '032021001234', 'RF24-105']) {
      expect(photo.bytes.includes(trace), trace).toBe(false);
    }
    expect((await sharp(photo.bytes).metadata()).format).toBe('jpeg');
  });

  test('PUB-4: a location in XMP (not EXIF) is found and removed too', async () => {
    const photo = await cleaned(fixture('xmp-gps.png'));
    expect(photo).toMatchObject({
      hadLocation: true,
      notice: 'This photo carried a location. It has been removed.',
      format: 'jpeg',
    });
    expect(photo.removedMetadata).toEqual(['GPS location', 'XMP details']);
    await expectNoMetadata(photo.bytes);
    for (const trace of ['xpacket', 'GPSLatitude', 'London']) expect(photo.bytes.includes(trace), trace).toBe(false);
  });

  test('PUB-4: a photo without hidden details has nothing to report', async () => {
    const photo = await cleaned(fixture('photo.webp'));
    expect(photo).toMatchObject({ hadLocation: false, notice: null, removedMetadata: [] });
  });

  test('PUB-4: EXIF orientation 6 is applied: a stored landscape comes out portrait, the right way round', async () => {
    const input = fixture('orientation-6.jpg');
    expect(await sharp(input).metadata()).toMatchObject({ width: 300, height: 200, orientation: 6 });
    const photo = await cleaned(input);
    expect(photo).toMatchObject({ width: 200, height: 300, original: { width: 200, height: 300 } });
    await expectNoMetadata(photo.bytes);
    // The red block was stored top-left; rotating 90° clockwise puts it top-right.
    const [r, g, b] = await pixel(photo.bytes, 185, 15);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    expect(b).toBeLessThan(60);
    expect((await pixel(photo.bytes, 15, 15)).every((c) => c > 200)).toBe(true);
  });

  test('PUB-4: a PNG that uses transparency stays a PNG with its transparency', async () => {
    const photo = await cleaned(fixture('alpha.png'));
    expect(photo).toMatchObject({ format: 'png', mimeType: 'image/png', width: 300, height: 200 });
    const meta = await sharp(photo.bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', hasAlpha: true });
    expect((await pixel(photo.bytes, 2, 2))[3]).toBe(0);
    expect(await pixel(photo.bytes, 150, 100)).toEqual([0xd4, 0x35, 0x1c, 255]);
    await expectNoMetadata(photo.bytes);
  });

  test('PUB-4: a PNG with an alpha channel it does not use, and a WebP, become JPEGs', async () => {
    expect(await cleaned(fixture('opaque-alpha.png'))).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
    const webp = await cleaned(fixture('photo.webp'));
    expect(webp).toMatchObject({ format: 'jpeg', width: 800, height: 600, original: { type: 'webp' } });
    expect((await sharp(webp.bytes).metadata()).format).toBe('jpeg');
  });

  test('PUB-4: a 16-bit PNG with transparency comes out as an 8-bit PNG that keeps it', async () => {
    const input = await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } },
    })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(input).metadata()).depth).toBe('ushort');
    const photo = await cleaned(input);
    expect(photo.format).toBe('png');
    const [r, g, b, a] = await pixel(photo.bytes, 5, 5);
    expect([r, g, b]).toEqual([10, 200, 30]);
    expect(a).toBeGreaterThan(120);
    expect(a).toBeLessThan(135);
  });

  test('PUB-4: colours are converted to sRGB before the colour profile is removed (a Display P3 photo keeps its colour)', async () => {
    const input = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#00ff00' } })
      .withIccProfile('p3')
      .jpeg({ quality: 95 })
      .toBuffer();
    const stored = await sharp(input, { ignoreIcc: true }).raw().toBuffer();
    expect(stored[0]).toBeGreaterThan(60); // the file holds P3 numbers, not sRGB ones
    const photo = await cleaned(input);
    await expectNoMetadata(photo.bytes);
    const [r, g, b] = await pixel(photo.bytes, 16, 16);
    expect(r).toBeLessThan(20);
    expect(g).toBeGreaterThan(235);
    expect(b).toBeLessThan(20);
  });

  test('PUB-4: a CMYK JPEG is converted to an RGB JPEG', async () => {
    const input = await solid(64, 48).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(input).metadata()).space).toBe('cmyk');
    const photo = await cleaned(input);
    expect((await sharp(photo.bytes).metadata()).channels).toBe(3);
  });

  test('PUB-4: large photos are shrunk to 2048 pixels on the longest side; small ones are not enlarged', async () => {
    expect(await cleaned(await solid(4000, 3000).jpeg().toBuffer())).toMatchObject({
      width: 2048,
      height: 1536,
      original: { width: 4000, height: 3000 },
    });
    expect(await cleaned(await solid(1000, 3000).png().toBuffer())).toMatchObject({ width: 683, height: 2048 });
    expect(await cleaned(await solid(640, 480).webp().toBuffer())).toMatchObject({ width: 640, height: 480 });
    expect(await cleaned(await solid(1000, 500).jpeg().toBuffer(), { maxDimension: 500 })).toMatchObject({
      width: 500,
      height: 250,
    });
  });

  test('PUB-4: the sha256 is of the cleaned bytes, and cleaning is deterministic', async () => {
    const a = await cleaned(fixture('gps-camera.jpg'));
    const b = await cleaned(fixture('gps-camera.jpg'));
    expect(a.sha256).toBe(createHash('sha256').update(a.bytes).digest('hex'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
  });
});

describe('processPhoto: refusals (PUB-4 bad input)', () => {
  test('PUB-4: a PDF renamed .jpg is refused as a PDF', async () => {
    expect(await refused(fixture('pdf-named.jpg'))).toEqual({
      ok: false,
      code: 'wrong-type',
      detected: 'pdf',
      message: 'This file is a PDF, not a photo. Upload a JPEG, PNG or WebP photo.',
    });
  });

  test('PUB-4: an SVG is refused, named .svg or .jpg', async () => {
    for (const name of ['drawing.svg', 'svg-named.jpg']) {
      expect(await refused(fixture(name))).toMatchObject({
        code: 'wrong-type',
        detected: 'svg',
        message: 'This file is an SVG drawing, not a photo. Upload a JPEG, PNG or WebP photo.',
      });
    }
  });

  test('PUB-4: a GIF, an AVIF and a TIFF are refused', async () => {
    expect(await refused(fixture('animated.gif'))).toMatchObject({ code: 'wrong-type', detected: 'gif' });
    expect(await refused(fixture('photo.avif'))).toMatchObject({ code: 'wrong-type', detected: 'avif' });
    expect(await refused(fixture('photo.tiff'))).toMatchObject({ code: 'wrong-type', detected: 'tiff' });
  });

  test('PUB-4: an animated WebP is refused as an animation', async () => {
    expect(await refused(fixture('animated.webp'))).toEqual({
      ok: false,
      code: 'animated',
      message: 'This file is an animation, not a photo. Upload a JPEG, PNG or WebP photo.',
    });
  });

  test('PUB-4: a zero-byte file is refused as empty', async () => {
    expect(await refused(fixture('empty.jpg'))).toEqual({
      ok: false,
      code: 'empty',
      message: 'This file is empty. Upload a JPEG, PNG or WebP photo.',
    });
  });

  test('PUB-4: a corrupt header and a truncated JPEG are refused as damaged, without a stack trace', async () => {
    const message =
      'This photo is damaged or incomplete, so Postwarden cannot read it. Open it on your device to check it, then upload it again.';
    expect(await refused(fixture('corrupt-header.jpg'))).toEqual({ ok: false, code: 'damaged', message });
    expect(await refused(fixture('truncated.jpg'))).toEqual({ ok: false, code: 'damaged', message });
  });

  test('PUB-4: a 40 MB upload is refused on its size, before it is decoded', async () => {
    // JPEG magic then zeroes: decoding would call it damaged, so "too-large" proves the size came first.
    const upload = Buffer.alloc(40 * 1024 * 1024);
    upload.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await refused(upload)).toEqual({
      ok: false,
      code: 'too-large',
      message: 'This file is 40 MB. Photos must be 25 MB or smaller: upload a smaller copy of the photo.',
    });
  });

  test('PUB-4: the size limit can be lowered, and a valid photo over it is refused too', async () => {
    const input = fixture('gps-camera.jpg');
    expect(await refused(input, { maxBytes: input.length - 1 })).toMatchObject({ code: 'too-large' });
    expect((await processPhoto(input, { maxBytes: input.length })).ok).toBe(true);
  });

  test('PUB-4: a decompression bomb (50,000 × 50,000 pixels in 225 bytes) is refused from its header', async () => {
    const bomb = fixture('pixel-bomb.png');
    expect(bomb.length).toBeLessThan(1000);
    expect(await refused(bomb)).toEqual({
      ok: false,
      code: 'too-many-pixels',
      message:
        'This photo is 50,000 by 50,000 pixels, which is too big to check (the limit is 40 megapixels). Upload a smaller copy of the photo.',
    });
  });

  test('PUB-4: the pixel limit applies to real, decodable photos too', async () => {
    const input = await solid(2000, 1000).png().toBuffer();
    expect(await refused(input, { maxInputPixels: 1_999_999 })).toMatchObject({ code: 'too-many-pixels' });
    expect((await processPhoto(input, { maxInputPixels: 2_000_000 })).ok).toBe(true);
  });

  test('PUB-4: damaged photos of every accepted type never throw and never leak a library message', async () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const sources = ['gps-camera.jpg', 'photo.webp', 'alpha.png', 'orientation-6.jpg'].map(fixture);
    const codes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const copy = Buffer.from(sources[i % sources.length]!);
      const start = 4 + Math.floor(rand() * Math.min(copy.length - 4, 600)); // keep the magic, hit the headers
      for (let k = 0; k < 6; k++) copy[start + Math.floor(rand() * 32)] = Math.floor(rand() * 256);
      const result = await processPhoto(i % 5 === 0 ? copy.subarray(0, Math.floor(copy.length / 2)) : copy);
      if (!result.ok) {
        codes.add(result.code);
        expect(result.message).not.toMatch(/vips|error|exception|\bat\b.*\.js/i);
      }
    }
    expect(codes.has('damaged')).toBe(true);
  });
});
