import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { readExif } from './exif.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../../test/fixtures/images/${name}`, import.meta.url));

const EXIF_IFD = 0x8769;
const GPS_IFD = 0x8825;

interface Layout {
  order?: 'II' | 'MM';
  prefix?: boolean;
  ifd0: number[];
  exif?: number[];
  gps?: number[];
  thumbnail?: number[];
  /** Overrides for pointer values (to point out of range or back at an IFD). */
  pointers?: Partial<Record<'exif' | 'gps' | 'next', number>>;
}

/** A hand-built EXIF block: header, IFD0, then the Exif, GPS and thumbnail IFDs. Non-pointer tags hold a SHORT 0. */
function exifBlock(layout: Layout): Buffer {
  const little = (layout.order ?? 'II') === 'II';
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const ifd0Tags = [...layout.ifd0, ...(layout.exif ? [EXIF_IFD] : []), ...(layout.gps ? [GPS_IFD] : [])];
  const at = { ifd0: 8, exif: 0, gps: 0, thumbnail: 0 };
  let end = 8 + ifdSize(ifd0Tags.length);
  if (layout.exif) [at.exif, end] = [end, end + ifdSize(layout.exif.length)];
  if (layout.gps) [at.gps, end] = [end, end + ifdSize(layout.gps.length)];
  if (layout.thumbnail) [at.thumbnail, end] = [end, end + ifdSize(layout.thumbnail.length)];
  const buf = Buffer.alloc(end);
  const u16 = (v: number, o: number) => (little ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
  const u32 = (v: number, o: number) => (little ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
  buf.write(little ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  const writeIfd = (offset: number, tags: number[], next: number) => {
    u16(tags.length, offset);
    tags.forEach((tag, i) => {
      const e = offset + 2 + i * 12;
      u16(tag, e);
      const pointer =
        tag === EXIF_IFD
          ? (layout.pointers?.exif ?? at.exif)
          : tag === GPS_IFD
            ? (layout.pointers?.gps ?? at.gps)
            : null;
      u16(pointer === null ? 3 : 4, e + 2);
      u32(1, e + 4);
      u32(pointer ?? 0, e + 8);
    });
    u32(next, offset + 2 + tags.length * 12);
  };
  writeIfd(at.ifd0, ifd0Tags, layout.pointers?.next ?? at.thumbnail);
  if (layout.exif) writeIfd(at.exif, layout.exif, 0);
  if (layout.gps) writeIfd(at.gps, layout.gps, 0);
  if (layout.thumbnail) writeIfd(at.thumbnail, layout.thumbnail, 0);
  return layout.prefix === false ? buf : Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), buf]);
}

const MAKE = 0x010f;
const MODEL = 0x0110;
const DATETIME = 0x0132;
const ORIENTATION = 0x0112;
const X_RESOLUTION = 0x011a;
const DATE_TAKEN = 0x9003;
const SERIAL = 0xa431;
const LAT = 0x0002;
const LAT_REF = 0x0001;
const LON = 0x0004;
const LON_REF = 0x0003;
const GPS_TIME = 0x0007;

describe('readExif (PUB-4: tell the uploader what was removed)', () => {
  test('PUB-4: the GPS fixture carries a location and camera details (the fixture is what it claims)', async () => {
    const meta = await sharp(fixture('gps-camera.jpg')).metadata();
    expect(meta.exif).toBeDefined();
    expect(meta.exif!.includes('Canon EOS R6')).toBe(true);
    expect(readExif(meta.exif!)).toEqual({
      hasLocation: true,
      fields: [
        'GPS location',
        'camera make',
        'camera model',
        'editing software',
        'date and time',
        'photographer’s name',
        'copyright notice',
        'camera serial number',
        'date taken',
        'camera owner’s name',
        'lens model',
      ],
    });
  });

  test.each(['II', 'MM'] as const)(
    'PUB-4: reads %s (little- and big-endian) blocks alike, with or without the Exif prefix',
    (order) => {
      for (const prefix of [true, false]) {
        const block = exifBlock({
          order,
          prefix,
          ifd0: [MAKE, MODEL, ORIENTATION],
          exif: [DATE_TAKEN, SERIAL],
          gps: [LAT_REF, LAT, LON_REF, LON],
        });
        expect(readExif(block)).toEqual({
          hasLocation: true,
          fields: ['GPS location', 'camera make', 'camera model', 'camera serial number', 'date taken'],
        });
      }
    },
  );

  test('PUB-4: a GPS block without both latitude and longitude is not a location', () => {
    expect(readExif(exifBlock({ ifd0: [], gps: [LAT_REF, LAT] }))).toEqual({
      hasLocation: false,
      fields: ['GPS details'],
    });
    expect(readExif(exifBlock({ ifd0: [], gps: [LON] }))).toEqual({ hasLocation: false, fields: ['GPS details'] });
    expect(readExif(exifBlock({ ifd0: [], gps: [GPS_TIME] }))).toEqual({ hasLocation: false, fields: ['GPS details'] });
    expect(readExif(exifBlock({ ifd0: [], gps: [] }))).toEqual({ hasLocation: false, fields: [] });
  });

  test('PUB-4: technical tags only (orientation, resolution) name nothing', () => {
    expect(readExif(exifBlock({ ifd0: [ORIENTATION, X_RESOLUTION] }))).toEqual({ hasLocation: false, fields: [] });
  });

  test('PUB-4: an unknown tag is reported as "other EXIF details" only when nothing else is named', () => {
    expect(readExif(exifBlock({ ifd0: [0x4746] }))).toEqual({ hasLocation: false, fields: ['other EXIF details'] });
    expect(readExif(exifBlock({ ifd0: [ORIENTATION], exif: [0xa406] }))).toEqual({
      hasLocation: false,
      fields: ['other EXIF details'],
    });
    expect(readExif(exifBlock({ ifd0: [0x4746, MAKE] })).fields).toEqual(['camera make']);
  });

  test('PUB-4: an embedded thumbnail (IFD1) is named, since it can show the uncropped photo', () => {
    expect(readExif(exifBlock({ ifd0: [DATETIME], thumbnail: [0x0201, 0x0202] })).fields).toEqual([
      'date and time',
      'thumbnail',
    ]);
  });

  test('PUB-4: a GPS pointer out of range still reports the other details, and no location', () => {
    const block = exifBlock({ ifd0: [MAKE], gps: [LAT, LON], pointers: { gps: 0xfffff0 } });
    expect(readExif(block)).toEqual({ hasLocation: false, fields: ['camera make'] });
  });

  test('PUB-4: an IFD that points back at itself does not loop', () => {
    const block = exifBlock({ ifd0: [MAKE], exif: [DATE_TAKEN], pointers: { next: 8, exif: 8 } });
    expect(readExif(block)).toEqual({ hasLocation: false, fields: ['camera make'] });
  });

  test('PUB-4: a block that is not TIFF, or whose first IFD is out of range, is "other EXIF details"', () => {
    expect(readExif(Buffer.from('Exif\0\0garbage that is not tiff'))).toEqual({
      hasLocation: false,
      fields: ['other EXIF details'],
    });
    const block = exifBlock({ ifd0: [MAKE], prefix: false });
    block.writeUInt32LE(0x7fffffff, 4);
    expect(readExif(block)).toEqual({ hasLocation: false, fields: ['other EXIF details'] });
    expect(readExif(new Uint8Array())).toEqual({ hasLocation: false, fields: [] });
  });

  test('PUB-4: every truncation and random corruption of a real block reads without throwing', async () => {
    const real = (await sharp(fixture('gps-camera.jpg')).metadata()).exif!;
    for (let n = 0; n <= real.length; n++) expect(() => readExif(real.subarray(0, n))).not.toThrow();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 2000; i++) {
      const copy = Buffer.from(real);
      for (let k = 0; k < 8; k++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
      const result = readExif(copy);
      expect(Array.isArray(result.fields)).toBe(true);
    }
  });
});
