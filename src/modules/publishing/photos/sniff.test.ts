import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sniffPhoto } from './sniff.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../../test/fixtures/images/${name}`, import.meta.url));
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], brand, 'mif1');

describe('sniffPhoto: accepted photos, judged by their bytes', () => {
  test.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif')],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR')],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
  ])('PUB-4: %s magic number is accepted', (type, b) => {
    expect(sniffPhoto(b)).toEqual({ ok: true, type });
  });

  test.each([
    ['gps-camera.jpg', 'jpeg'],
    ['alpha.png', 'png'],
    ['photo.webp', 'webp'],
    ['animated.webp', 'webp'],
  ])('PUB-4: fixture %s is a %s', (name, type) => {
    expect(sniffPhoto(fixture(name))).toEqual({ ok: true, type });
  });

  test('PUB-4: a Uint8Array works as well as a Buffer', () => {
    expect(sniffPhoto(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toEqual({ ok: true, type: 'jpeg' });
  });
});

describe('sniffPhoto: refusals, each with its own plain-English message', () => {
  const refused = (b: Uint8Array) => {
    const r = sniffPhoto(b);
    if (r.ok) throw new Error('expected a refusal');
    return r;
  };

  test('PUB-4: an empty file is refused as empty', () => {
    expect(refused(new Uint8Array())).toEqual({
      ok: false,
      code: 'empty',
      message: 'This file is empty. Upload a JPEG, PNG or WebP photo.',
    });
    expect(refused(fixture('empty.jpg')).code).toBe('empty');
  });

  test('PUB-4: a PDF named .jpg is refused as a PDF, with the exact message', () => {
    expect(refused(fixture('pdf-named.jpg'))).toEqual({
      ok: false,
      code: 'wrong-type',
      detected: 'pdf',
      message: 'This file is a PDF, not a photo. Upload a JPEG, PNG or WebP photo.',
    });
  });

  test('PUB-4: a PDF with junk before its header is still a PDF', () => {
    expect(refused(bytes('\r\n\r\n  ', '%PDF-1.7\n')).detected).toBe('pdf');
    expect(refused(bytes(Array(1000).fill(0x20), '%PDF-1.7\n')).detected).toBe('pdf');
  });

  test('PUB-4: an SVG is refused as an SVG drawing, whatever its name', () => {
    for (const name of ['drawing.svg', 'svg-named.jpg']) {
      expect(refused(fixture(name))).toMatchObject({
        code: 'wrong-type',
        detected: 'svg',
        message: 'This file is an SVG drawing, not a photo. Upload a JPEG, PNG or WebP photo.',
      });
    }
  });

  test.each([
    ['bare', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['leading whitespace', '\n\n   <svg width="1">'],
    ['xml prolog and doctype', '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>'],
    ['upper case', '<SVG>'],
    ['comment first', '<!-- made by hand --><svg\tviewBox="0 0 1 1">'],
  ])('PUB-4: SVG text (%s) is an SVG', (_label, text) => {
    expect(refused(Buffer.from(text)).detected).toBe('svg');
  });

  test('PUB-4: SVG with a UTF-8 byte order mark, or in UTF-16, is still an SVG', () => {
    expect(refused(bytes([0xef, 0xbb, 0xbf], '<svg>')).detected).toBe('svg');
    expect(refused(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<svg>', 'utf16le')])).detected).toBe('svg');
    const be = Buffer.from('<svg>', 'utf16le').swap16();
    expect(refused(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).detected).toBe('svg');
  });

  test.each([
    [
      'gif',
      'animated.gif',
      'This file is a GIF. Postwarden does not take GIFs or animations. Upload a JPEG, PNG or WebP photo.',
    ],
    [
      'avif',
      'photo.avif',
      'This photo is in the AVIF format, which Postwarden cannot check. Upload a JPEG, PNG or WebP photo.',
    ],
    [
      'tiff',
      'photo.tiff',
      'This file is a TIFF or camera RAW image, which Postwarden cannot check. Upload a JPEG, PNG or WebP photo.',
    ],
  ])('PUB-4: a %s fixture is refused with its message', (detected, name, message) => {
    expect(refused(fixture(name))).toEqual({ ok: false, code: 'wrong-type', detected, message });
  });

  test.each([
    ['gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['heic', ftyp('heic')],
    ['heic', ftyp('heix')],
    ['heic', ftyp('mif1')],
    ['heic', ftyp('hevc')],
    ['avif', ftyp('avif')],
    ['video', ftyp('isom')],
    ['video', ftyp('qt  ')],
    ['video', ftyp('mp42')],
    ['video', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x01])],
    ['video', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST')],
    ['tiff', bytes('II*', [0, 8, 0, 0, 0])],
    ['tiff', bytes('MM', [0, 0x2a, 0, 0, 0, 8])],
    ['psd', bytes('8BPS', [0, 1])],
    ['jpeg-xl', bytes([0xff, 0x0a, 0xfa])],
    ['jpeg-xl', bytes([0, 0, 0, 0x0c], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a])],
    ['zip', bytes('PK', [3, 4, 20, 0])],
    ['zip', bytes('PK', [5, 6, 0, 0])],
    ['ico', bytes([0, 0, 1, 0, 1, 0, 16, 16])],
    ['bmp', bytes('BM', Array(20).fill(0))],
    ['html', bytes('<!DOCTYPE html><html><body>')],
    ['html', bytes('  <html lang="en">')],
    ['xml', bytes('<?xml version="1.0"?><note/>')],
    ['text', bytes('Just some words in a file called photo.jpg\n')],
    ['unknown', bytes([0, 1, 2, 3, 4, 5, 6, 7])],
    ['unknown', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ', [0, 0, 0, 0])],
    ['unknown', bytes([0xff, 0xd8])],
    ['unknown', bytes([0x89, 0x50, 0x4e, 0x47])],
    ['unknown', bytes('RIFF', [0, 0, 0])],
    ['text', bytes('RIFF')],
    ['unknown', bytes([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02])],
  ])('PUB-4: bytes of a %s are refused', (detected, b) => {
    expect(refused(b)).toMatchObject({ ok: false, code: 'wrong-type', detected });
  });

  test('PUB-4: every kind has a message that says what it is and what to upload instead', () => {
    const samples = [
      bytes('GIF89a'),
      ftyp('heic'),
      ftyp('avif'),
      ftyp('isom'),
      bytes('II*', [0]),
      bytes('8BPS'),
      bytes([0xff, 0x0a]),
      bytes('PK', [3, 4]),
      bytes([0, 0, 1, 0]),
      bytes('BM', Array(20).fill(0)),
      bytes('<html>'),
      bytes('<?xml ?>'),
      bytes('hello'),
      bytes([0, 1, 2]),
      bytes('%PDF-1.4'),
      bytes('<svg>'),
    ];
    const messages = new Set(samples.map((b) => refused(b).message));
    expect(messages.size).toBe(samples.length);
    for (const m of messages) {
      expect(m).toMatch(/\. Upload a JPEG, PNG or WebP photo\.$/);
      expect(m).not.toMatch(/error|exception|undefined|null/i);
    }
  });

  test('PUB-4: the HEIC message helps an iPhone user', () => {
    expect(refused(ftyp('heic')).message).toBe(
      'This photo is in the HEIC format that iPhones use, which Postwarden cannot check. Most phones and computers can save or export a photo as a JPEG. Upload a JPEG, PNG or WebP photo.',
    );
  });

  test('PUB-4: a JPEG disguised after a text preamble is not a JPEG (magic numbers must be at the start)', () => {
    expect(refused(Buffer.concat([Buffer.from('hello'), fixture('gps-camera.jpg')])).code).toBe('wrong-type');
  });

  test('PUB-4: sniffing never throws on any short input', () => {
    for (let n = 0; n < 16; n++) {
      for (const fill of [0x00, 0xff, 0x3c, 0x25, 0x89]) expect(() => sniffPhoto(Buffer.alloc(n, fill))).not.toThrow();
    }
  });
});
