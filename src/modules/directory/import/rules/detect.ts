// Recognising uploads that are not CSV text, and decoding the ones that are.
//
// Encoding: UTF-8 (with or without a byte-order mark) is read as UTF-8. Bytes that are not valid UTF-8 are read
// as Windows-1252, the "ANSI" encoding of Excel's plain "CSV (Comma delimited)" and of many SIMS exports, so
// Zoë or O’Brien come through intact. UTF-16 with a byte-order mark (Excel's "Unicode Text") is read as UTF-16.

const SAVE_AS_CSV = 'In Excel choose File > Save As > CSV UTF-8 (comma delimited), then upload that file.';
const EXPORT_AS_CSV = 'Export the list from your MIS as a CSV file and upload that.';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

const SIGNATURES: ReadonlyArray<{ bytes: number[]; at?: number; message: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], message: `The file is an Excel workbook, not a CSV file. ${SAVE_AS_CSV}` },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    message: `The file is an older Excel workbook (.xls), not a CSV file. ${SAVE_AS_CSV}`,
  },
  { bytes: ascii('%PDF'), message: `The file is a PDF, not a CSV file. A PDF cannot be imported. ${EXPORT_AS_CSV}` },
  { bytes: [0x89, 0x50, 0x4e, 0x47], message: `The file is a picture (a PNG image), not a CSV file. ${EXPORT_AS_CSV}` },
  { bytes: [0xff, 0xd8, 0xff], message: `The file is a picture (a JPEG image), not a CSV file. ${EXPORT_AS_CSV}` },
  { bytes: ascii('GIF8'), message: `The file is a picture (a GIF image), not a CSV file. ${EXPORT_AS_CSV}` },
  { bytes: ascii('WEBP'), at: 8, message: `The file is a picture (a WebP image), not a CSV file. ${EXPORT_AS_CSV}` },
];
const MARKUP = /^\s*<(?:!doctype html|html|\?xml|table)/i;

/** A plain-English reason the upload is not a CSV text file, or null if it looks like one. */
export function detectNonCsv(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'The file is empty. Export the list from your MIS again and upload that file.';
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.at)) {
      if (signature.at === undefined || startsWith(bytes, ascii('RIFF'))) return signature.message;
    }
  }
  const isUtf16 = startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM);
  if (!isUtf16 && bytes.indexOf(0) !== -1) {
    return `The file contains binary data, so it is not a CSV text file. ${EXPORT_AS_CSV}`;
  }
  if (MARKUP.test(decodeCsvText(bytes.subarray(0, 256)))) {
    return `The file is a web page or XML file (some systems give these an .xls name), not a CSV file. Open it in Excel, choose File > Save As > CSV UTF-8 (comma delimited), then upload that file.`;
  }
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LATIN1 = new TextDecoder('latin1');
// Windows-1252 differs from Latin-1 only in bytes 0x80–0x9F. Node's TextDecoder('windows-1252') decodes those as
// Latin-1 control characters (0x92 becomes U+0092, not ’), so they are mapped here; five bytes have no character.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const C1_CONTROLS = /[\u0080-\u009F]/g;
const windows1252 = (body: Uint8Array): string =>
  LATIN1.decode(body).replace(C1_CONTROLS, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);

/** The text of a CSV upload: byte-order mark removed; UTF-8, else Windows-1252 (UTF-16 if it has a BOM). */
export function decodeCsvText(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF16LE_BOM)) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, UTF16BE_BOM)) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  try {
    return UTF8.decode(body);
  } catch {
    return windows1252(body);
  }
}
