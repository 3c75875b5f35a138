/**
 * An uploaded evidence file, kept byte for byte with its SHA-256 and size (INC-2). Pictures also get
 * a cleaned preview (re-encoded, metadata gone, at most 1,200 pixels wide) for viewing beside the
 * original, which is never changed.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { IMAGE_TYPES, MIME, sniffEvidence } from './sniff.ts';

export interface UploadedFile {
  fileName: string;
  declaredType: string;
  bytes: Buffer;
  truncated: boolean;
}

export interface PreparedFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  bytes: Buffer;
  preview: Buffer | null;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function prepareFile(
  file: UploadedFile,
  limitMb: number,
): Promise<{ ok: true; file: PreparedFile } | { ok: false; message: string }> {
  const name =
    file.fileName
      .replace(/[\\/]/g, '_')
      .replace(/[\u0000-\u001f"]/g, '')
      .slice(0, 200) || 'evidence';
  if (file.truncated)
    return { ok: false, message: `${name} is larger than ${limitMb} MB. Upload a smaller file, or a screenshot of it` };
  const sniffed = sniffEvidence(file.bytes, name, file.declaredType);
  if (!sniffed.ok) return sniffed;
  let preview: Buffer | null = null;
  if (IMAGE_TYPES.includes(sniffed.type)) {
    try {
      preview = await sharp(file.bytes, { limitInputPixels: 50_000_000 })
        .rotate()
        .resize({ width: 1200, withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toBuffer();
    } catch {
      if (sniffed.type !== 'heic')
        return {
          ok: false,
          message: `${name} looks like a picture but cannot be opened: it may be damaged. Upload the original`,
        };
    }
  }
  return {
    ok: true,
    file: {
      fileName: name,
      mimeType: MIME[sniffed.type],
      sizeBytes: file.bytes.length,
      sha256: sha256Of(file.bytes),
      bytes: file.bytes,
      preview,
    },
  };
}
