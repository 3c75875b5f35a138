import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeCsvText, detectNonCsv } from './detect.ts';

const fixture = (name: string): Uint8Array =>
  readFileSync(new URL(`../../../../../test/fixtures/import/${name}`, import.meta.url));
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('detectNonCsv', () => {
  test('ORG-5: an Excel workbook (.xlsx) is refused with how to save it as CSV', () => {
    expect(detectNonCsv(fixture('not-a-csv.xlsx'))).toBe(
      'The file is an Excel workbook, not a CSV file. In Excel choose File > Save As > CSV UTF-8 (comma delimited), then upload that file.',
    );
  });

  test('ORG-5: an old Excel workbook (.xls) is refused', () => {
    expect(detectNonCsv(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatch(
      /^The file is an older Excel workbook \(\.xls\), not a CSV file\. In Excel choose File > Save As/,
    );
  });

  test.each([
    ['a PDF', bytes('%PDF-1.7\n%'), /^The file is a PDF, not a CSV file\./],
    ['a PNG image', bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]), /^The file is a picture \(a PNG image\), not a CSV file\./],
    ['a JPEG image', bytes([0xff, 0xd8, 0xff, 0xe0]), /^The file is a picture \(a JPEG image\)/],
    ['a GIF image', bytes('GIF89a'), /^The file is a picture \(a GIF image\)/],
    ['a WebP image', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), /^The file is a picture \(a WebP image\)/],
    [
      'a file with NUL bytes',
      bytes('UPN,Forename\n', [0], 'x'),
      /^The file contains binary data, so it is not a CSV text file\./,
    ],
    ['an empty file', bytes(), /^The file is empty\./],
    [
      'a web page saved as .xls',
      bytes('<html><body><table><tr><td>UPN</td></tr></table>'),
      /^The file is a web page or XML file/,
    ],
    ['an XML spreadsheet', bytes('<?xml version="1.0"?>\n<Workbook>'), /^The file is a web page or XML file/],
  ])('ORG-5: %s is refused in plain English', (_, upload, expected) => {
    expect(detectNonCsv(upload)).toMatch(expected);
  });

  test('ORG-5: a RIFF file that is not WebP (a WAV) is not called a picture', () => {
    expect(detectNonCsv(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))).toMatch(/^The file contains binary data/);
  });

  test('ORG-5: every Windows-1252 byte from 0x80 to 0x9F decodes to its character', () => {
    const decoded = decodeCsvText(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));
    // Code points from the WHATWG index-windows-1252 (0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character and stay as they are).
    const expected = [
      0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d,
      0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d,
      0x17e, 0x178,
    ];
    expect([...decoded].map((c) => c.charCodeAt(0))).toEqual(expected);
  });

  test.each([
    ['plain ASCII CSV', bytes('UPN,Forename\nB801200005001,Maya\n')],
    ['UTF-8 with a byte-order mark', bytes([0xef, 0xbb, 0xbf], 'UPN,Forename\n')],
    ['UTF-8 accents', Uint8Array.from(Buffer.from('UPN,Forename\nB801200005001,Zoë\n'))],
    ['Windows-1252 accents', bytes('UPN,Forename\nB801200005001,Zo', [0xeb], '\n')],
    ['UTF-16 with a byte-order mark', Uint8Array.from([0xff, 0xfe, ...Buffer.from('UPN\tForename\n', 'utf16le')])],
  ])('ORG-5: %s is accepted as CSV text', (_, upload) => {
    expect(detectNonCsv(upload)).toBeNull();
  });

  test.each(['pupils-sims.csv', 'pupils-arbor.csv', 'staff-sims.csv', 'no-known-headers.csv'])(
    'ORG-5: fixture %s is CSV text',
    (name) => {
      expect(detectNonCsv(fixture(name))).toBeNull();
    },
  );
});

describe('decodeCsvText', () => {
  test('ORG-5: a UTF-8 byte-order mark is removed', () => {
    expect(decodeCsvText(bytes([0xef, 0xbb, 0xbf], 'UPN'))).toBe('UPN');
  });

  test('ORG-5: UTF-8 is read as UTF-8', () => {
    expect(decodeCsvText(Uint8Array.from(Buffer.from('Siân, Łukasz, Zoë, O’Brien')))).toBe(
      'Siân, Łukasz, Zoë, O’Brien',
    );
  });

  test('ORG-5: bytes that are not UTF-8 are read as Windows-1252 (SIMS and Excel "CSV (Comma delimited)")', () => {
    expect(decodeCsvText(bytes('Zo', [0xeb], ', O', [0x92], 'Brien, Si', [0xe2], 'n, ', [0x80], '5'))).toBe(
      'Zoë, O’Brien, Siân, €5',
    );
  });

  test('ORG-5: a UTF-8 byte-order mark followed by Windows-1252 bytes still decodes without the mark', () => {
    expect(decodeCsvText(bytes([0xef, 0xbb, 0xbf], 'Zo', [0xeb]))).toBe('Zoë');
  });

  test('ORG-5: UTF-16 with a byte-order mark (Excel "Unicode Text") is read', () => {
    expect(decodeCsvText(Uint8Array.from([0xff, 0xfe, ...Buffer.from('UPN\tZoë', 'utf16le')]))).toBe('UPN\tZoë');
    const be = Buffer.from('UPN\tZoë', 'utf16le').swap16();
    expect(decodeCsvText(Uint8Array.from([0xfe, 0xff, ...be]))).toBe('UPN\tZoë');
  });

  test('ORG-5: the Windows-1252 SIMS fixture decodes its accented names', () => {
    const text = decodeCsvText(fixture('pupils-sims.csv'));
    expect(text).toContain('"Siân"');
    expect(text).toContain('"Siobhán"');
  });
});
