/**
 * What a file really is, from its first bytes (PUB-4). The file's name and the browser's declared
 * type are never consulted: a PDF renamed "photo.jpg" is still a PDF, and an SVG (which can carry
 * script) is refused however it is named.
 */
import { emptyFile, wrongType, type DetectedKind, type PhotoRefusal } from './refusals.ts';

export type PhotoType = 'jpeg' | 'png' | 'webp';

export type SniffResult = { ok: true; type: PhotoType } | PhotoRefusal;

/** How far into a text file we look for an <svg> or <html> element. */
const TEXT_WINDOW = 4096;

export function sniffPhoto(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return emptyFile();
  const photo = photoType(bytes);
  if (photo) return { ok: true, type: photo };
  return wrongType(otherKind(bytes));
}

function photoType(b: Uint8Array): PhotoType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  return null;
}

function otherKind(b: Uint8Array): DetectedKind {
  const head4 = ascii(b, 0, 4);
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 4, 4) === 'ftyp') return isoMediaKind(ascii(b, 8, 4));
  if (head4 === 'II*\0' || head4 === 'MM\0*') return 'tiff';
  if (head4 === '8BPS') return 'psd';
  if (startsWith(b, [0xff, 0x0a]) || ascii(b, 4, 8) === 'JXL \r\n\x87\n') return 'jpeg-xl';
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'video'; // Matroska / WebM
  if (head4 === 'RIFF' && ascii(b, 8, 4) === 'AVI ') return 'video';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 14) return 'bmp';
  // A PDF may have a few bytes of junk before its header; readers accept up to 1 KB.
  if (indexOfAscii(b, '%PDF-', 1024) >= 0) return 'pdf';
  return textKind(b);
}

/** HEIF-family and MP4-family files share the ISO "ftyp" box; the brand tells them apart. */
function isoMediaKind(brand: string): DetectedKind {
  if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'].includes(brand)) return 'heic';
  if (brand === 'avif' || brand === 'avis') return 'avif';
  return 'video';
}

function textKind(b: Uint8Array): DetectedKind {
  const text = decodeText(b.subarray(0, TEXT_WINDOW));
  if (text === null) return 'unknown';
  const lower = text.toLowerCase();
  if (/<svg[\s>/]/.test(lower)) return 'svg';
  if (/<!doctype html|<html[\s>]/.test(lower)) return 'html';
  if (lower.trimStart().startsWith('<?xml')) return 'xml';
  return 'text';
}

/** The start of the file as text, or null when it is not text (control bytes, or not valid UTF-8). */
function decodeText(b: Uint8Array): string | null {
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) {
    return new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(b.subarray(2));
  }
  const body = startsWith(b, [0xef, 0xbb, 0xbf]) ? b.subarray(3) : b;
  for (const byte of body) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return null;
  // The window may cut a multi-byte character in two: allow up to 3 bytes of it at the very end.
  for (let cut = 0; cut <= Math.min(3, body.length); cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, body.length - cut));
    } catch {
      if (b.length < TEXT_WINDOW) return null;
    }
  }
  return null;
}

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  if (b.length < magic.length) return false;
  return magic.every((byte, i) => b[i] === byte);
}

function ascii(b: Uint8Array, start: number, length: number): string {
  if (b.length < start + length) return '';
  return String.fromCharCode(...b.subarray(start, start + length));
}

function indexOfAscii(b: Uint8Array, needle: string, within: number): number {
  const limit = Math.min(b.length, within + needle.length) - needle.length;
  outer: for (let i = 0; i <= limit; i++) {
    for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
