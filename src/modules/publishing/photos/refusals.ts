/**
 * Why a photo upload was refused (PUB-4), in plain English for the person uploading it.
 * Every refusal says what is wrong and what to do instead; none carries a stack trace or a
 * library's own error text.
 */

export type RefusalCode =
  | 'empty'
  | 'too-large'
  | 'wrong-type'
  | 'damaged'
  | 'too-many-pixels'
  | 'animated'
  | 'not-cleaned';

/** What a refused file turned out to be, judged from its bytes. */
export type DetectedKind =
  | 'pdf'
  | 'svg'
  | 'html'
  | 'xml'
  | 'gif'
  | 'heic'
  | 'avif'
  | 'tiff'
  | 'bmp'
  | 'ico'
  | 'jpeg-xl'
  | 'psd'
  | 'video'
  | 'zip'
  | 'text'
  | 'unknown';

export interface PhotoRefusal {
  ok: false;
  code: RefusalCode;
  message: string;
  /** For a 'wrong-type' refusal: what the file really is. */
  detected?: DetectedKind;
}

export const ACCEPTED = 'Upload a JPEG, PNG or WebP photo.';

const WHAT: Record<DetectedKind, string> = {
  pdf: 'This file is a PDF, not a photo.',
  svg: 'This file is an SVG drawing, not a photo.',
  html: 'This file is a web page, not a photo.',
  xml: 'This file is an XML document, not a photo.',
  gif: 'This file is a GIF. Postwarden does not take GIFs or animations.',
  heic: 'This photo is in the HEIC format that iPhones use, which Postwarden cannot check. Most phones and computers can save or export a photo as a JPEG.',
  avif: 'This photo is in the AVIF format, which Postwarden cannot check.',
  tiff: 'This file is a TIFF or camera RAW image, which Postwarden cannot check.',
  bmp: 'This file is a BMP image, which Postwarden cannot check.',
  ico: 'This file is an icon, not a photo.',
  'jpeg-xl': 'This photo is in the JPEG XL format, which Postwarden cannot check.',
  psd: 'This file is a Photoshop document, not a photo.',
  video: 'This file is a video, not a photo.',
  zip: 'This file is a zip file or an Office document, not a photo.',
  text: 'This file is text, not a photo.',
  unknown: 'This file is not a photo Postwarden can read.',
};

export function wrongType(detected: DetectedKind): PhotoRefusal {
  return { ok: false, code: 'wrong-type', detected, message: `${WHAT[detected]} ${ACCEPTED}` };
}

export function emptyFile(): PhotoRefusal {
  return { ok: false, code: 'empty', message: `This file is empty. ${ACCEPTED}` };
}

export function tooLarge(bytes: number, maxBytes: number): PhotoRefusal {
  return {
    ok: false,
    code: 'too-large',
    message: `This file is ${megabytes(bytes)}. Photos must be ${megabytes(maxBytes)} or smaller: upload a smaller copy of the photo.`,
  };
}

export function damaged(): PhotoRefusal {
  return {
    ok: false,
    code: 'damaged',
    message:
      'This photo is damaged or incomplete, so Postwarden cannot read it. Open it on your device to check it, then upload it again.',
  };
}

export function tooManyPixels(width: number, height: number, maxPixels: number): PhotoRefusal {
  return {
    ok: false,
    code: 'too-many-pixels',
    message: `This photo is ${width.toLocaleString('en-GB')} by ${height.toLocaleString('en-GB')} pixels, which is too big to check (the limit is ${Math.floor(maxPixels / 1_000_000)} megapixels). Upload a smaller copy of the photo.`,
  };
}

export function animated(): PhotoRefusal {
  return { ok: false, code: 'animated', message: `This file is an animation, not a photo. ${ACCEPTED}` };
}

/** The cleaned copy still carried metadata: refused rather than risk publishing it. */
export function notCleaned(): PhotoRefusal {
  return {
    ok: false,
    code: 'not-cleaned',
    message:
      'Postwarden could not remove the hidden details (such as location) from this photo, so it cannot be used. Save it again as a JPEG and upload it again.',
  };
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}
