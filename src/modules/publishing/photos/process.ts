/**
 * Cleans an uploaded photo before anyone else sees it (PUB-4): checks what it really is, refuses
 * anything too big, damaged or not a photo, turns it the right way up, shrinks it to a sensible
 * size, re-encodes it and strips every piece of hidden metadata (EXIF, GPS, XMP, IPTC, the colour
 * profile once converted to sRGB, text comments). Reports what was removed so the uploader can be
 * told, and never throws: every failure is a PhotoRefusal with a plain-English message.
 *
 * Output format: JPEG (quality 85) for every photo, which every platform takes; PNG only when the
 * image really uses transparency (a logo or a cut-out), which JPEG would flatten.
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { carriedDetails, LOCATION_REMOVED } from './inspect.ts';
import { animated, damaged, notCleaned, tooLarge, tooManyPixels, type PhotoRefusal } from './refusals.ts';
import { sniffPhoto, type PhotoType } from './sniff.ts';

export interface PhotoOptions {
  /** Largest upload accepted, in bytes (default 25 MB). */
  maxBytes?: number;
  /** Longest side of the cleaned photo, in pixels (default 2048); smaller photos are not enlarged. */
  maxDimension?: number;
  /**
   * Largest photo decoded, in pixels (default 40 megapixels, more than any phone camera takes): a
   * guard against decompression bombs. A 120-megapixel photo took about 2 s and 220 MB to decode
   * here, so the declared size is read from the header and refused before any pixel is decoded.
   */
  maxInputPixels?: number;
  /** Give up on a photo that takes longer than this to process (default 30 s). */
  timeoutSeconds?: number;
}

export const PHOTO_LIMITS = {
  maxBytes: 25 * 1024 * 1024,
  maxDimension: 2048,
  maxInputPixels: 40_000_000,
  timeoutSeconds: 30,
} as const satisfies Required<PhotoOptions>;

export type OutputFormat = 'jpeg' | 'png';

export interface ProcessedPhoto {
  ok: true;
  bytes: Buffer;
  format: OutputFormat;
  mimeType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** Hex SHA-256 of the cleaned bytes. */
  sha256: string;
  original: { type: PhotoType; bytes: number; width: number; height: number };
  /** The upload carried a GPS position (now removed). */
  hadLocation: boolean;
  /** Plain-English names of the hidden details removed, e.g. "GPS location", "camera model", "date taken". */
  removedMetadata: string[];
  /** What to tell the uploader about the clean-up, or null when there is nothing to say. */
  notice: string | null;
}

export async function processPhoto(
  bytes: Buffer | Uint8Array,
  options: PhotoOptions = {},
): Promise<ProcessedPhoto | PhotoRefusal> {
  const limits = { ...PHOTO_LIMITS, ...options };
  try {
    return await clean(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  } catch {
    // sharp's own messages are for developers; the uploader is told the photo cannot be read.
    return damaged();
  }
}

async function clean(input: Buffer, limits: Required<PhotoOptions>): Promise<ProcessedPhoto | PhotoRefusal> {
  // Size first: a 40 MB upload is refused before a single pixel is decoded.
  if (input.length > limits.maxBytes) return tooLarge(input.length, limits.maxBytes);
  const sniffed = sniffPhoto(input);
  if (!sniffed.ok) return sniffed;

  const meta = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata(); // header only
  if (meta.format !== sniffed.type || !meta.width || !meta.height) return damaged();
  if (meta.width * meta.height > limits.maxInputPixels)
    return tooManyPixels(meta.width, meta.height, limits.maxInputPixels);
  if ((meta.pages ?? 1) > 1) return animated();
  const details = carriedDetails(meta);

  const { data, format } = await encode(input, meta, limits);
  const out = await sharp(data).metadata();
  if (out.exif || out.xmp || out.iptc || (out.comments?.length ?? 0) > 0) return notCleaned();

  return {
    ok: true,
    bytes: data,
    format,
    mimeType: format === 'png' ? 'image/png' : 'image/jpeg',
    width: out.width,
    height: out.height,
    sha256: createHash('sha256').update(data).digest('hex'),
    original: { type: sniffed.type, bytes: input.length, width: meta.autoOrient.width, height: meta.autoOrient.height },
    hadLocation: details.hadLocation,
    removedMetadata: details.removed,
    notice: details.hadLocation ? LOCATION_REMOVED : null,
  };
}

async function encode(
  input: Buffer,
  meta: Metadata,
  limits: Required<PhotoOptions>,
): Promise<{ data: Buffer; format: OutputFormat }> {
  const oriented = (): Sharp =>
    sharp(input, { failOn: 'error', limitInputPixels: limits.maxInputPixels })
      .timeout({ seconds: limits.timeoutSeconds })
      .autoOrient()
      .resize({ width: limits.maxDimension, height: limits.maxDimension, fit: 'inside', withoutEnlargement: true });
  if (meta.hasAlpha) {
    const { data, info } = await oriented()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (usesTransparency(data, info.channels)) return { data: await raw.png().toBuffer(), format: 'png' };
    return { data: await raw.removeAlpha().jpeg({ quality: 85 }).toBuffer(), format: 'jpeg' };
  }
  return { data: await oriented().jpeg({ quality: 85 }).toBuffer(), format: 'jpeg' };
}

/** Whether any pixel is less than fully opaque (the alpha channel is last). */
function usesTransparency(pixels: Buffer, channels: number): boolean {
  for (let i = channels - 1; i < pixels.length; i += channels) if (pixels[i]! < 255) return true;
  return false;
}
