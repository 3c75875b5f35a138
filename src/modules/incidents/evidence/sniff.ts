/**
 * What an evidence file really is, from its first bytes (INC-2). The name and the browser's type are
 * only used to catch a file that claims to be a picture and is not. Files that could run script in a
 * browser (SVG, HTML) are refused; everything kept is served to download, never shown inline.
 */
export type EvidenceType = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'pdf' | 'mp4' | 'text';

export const MIME: Record<EvidenceType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  text: 'text/plain',
};

export const IMAGE_TYPES: readonly EvidenceType[] = ['jpeg', 'png', 'gif', 'webp', 'heic'];

export type Sniffed = { ok: true; type: EvidenceType } | { ok: false; message: string };

const IMAGE_NAME = /\.(jpe?g|png|gif|webp|heic|heif|bmp|tiff?)$/i;

export function sniffEvidence(bytes: Uint8Array, fileName: string, declaredType: string): Sniffed {
  const name = fileName || 'The file';
  if (bytes.length === 0) return { ok: false, message: `${name} is empty. Upload the original file` };
  const type = detect(bytes);
  const claimsImage = IMAGE_NAME.test(fileName) || declaredType.startsWith('image/');
  if (claimsImage && (!type || !IMAGE_TYPES.includes(type))) {
    return {
      ok: false,
      message: `${name} is not a picture, although its name or type says it is. Upload the original screenshot or photo`,
    };
  }
  if (!type)
    return {
      ok: false,
      message: `${name} is not a kind of file Postwarden keeps as evidence. Upload a screenshot, photo, PDF, video or text file`,
    };
  return { ok: true, type };
}

function detect(b: Uint8Array): EvidenceType | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    return ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand) ? 'heic' : 'mp4';
  }
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  return isPlainText(b) ? 'text' : null;
}

function isPlainText(b: Uint8Array): boolean {
  const head = b.subarray(0, 4096);
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b.length > 4096 ? head.subarray(0, head.length - 3) : head);
  } catch {
    return false;
  }
  const lower = text.toLowerCase();
  return !/<svg[\s>/]|<!doctype html|<html[\s>]|<script[\s>]/.test(lower);
}

function starts(b: Uint8Array, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((byte, i) => b[i] === byte);
}

function ascii(b: Uint8Array, start: number, length: number): string {
  return b.length < start + length ? '' : String.fromCharCode(...b.subarray(start, start + length));
}
