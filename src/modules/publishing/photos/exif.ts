/**
 * Reads just enough of a photo's EXIF block to tell the uploader what was removed (PUB-4): whether
 * it carried a GPS location, and which camera and date details it held. Only tag presence is read,
 * never values. A small hand-written TIFF walker (sharp hands us the raw block), bounds-checked
 * everywhere: a malformed block yields what could be read and never throws.
 */

export interface ExifSummary {
  /** GPS latitude and longitude were both present. */
  hasLocation: boolean;
  /** Plain-English names of the details found, in a stable order, without repeats. */
  fields: string[];
}

const IFD0_TAGS: Record<number, string> = {
  0x010e: 'image description',
  0x010f: 'camera make',
  0x0110: 'camera model',
  0x0131: 'editing software',
  0x0132: 'date and time',
  0x013b: 'photographer’s name',
  0x8298: 'copyright notice',
  0xc62f: 'camera serial number',
};

const EXIF_TAGS: Record<number, string> = {
  0x829a: 'camera settings',
  0x829d: 'camera settings',
  0x8827: 'camera settings',
  0x920a: 'camera settings',
  0x9003: 'date taken',
  0x9004: 'date and time',
  0x9010: 'time zone',
  0x9011: 'time zone',
  0x927c: 'maker notes',
  0x9286: 'comment',
  0xa420: 'unique image ID',
  0xa430: 'camera owner’s name',
  0xa431: 'camera serial number',
  0xa433: 'lens make',
  0xa434: 'lens model',
  0xa435: 'lens serial number',
};

/**
 * Tags that say nothing about who, where or when (size, resolution, orientation, colour layout,
 * format versions). They are removed too, but not worth telling the uploader about.
 */
const TECHNICAL = new Set([
  0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0112, 0x0115, 0x011a, 0x011b, 0x011c, 0x0128, 0x0213, 0x9000, 0x9101,
  0xa000, 0xa001, 0xa002, 0xa003,
]);

const TAG_EXIF_IFD = 0x8769;
const TAG_GPS_IFD = 0x8825;
const TAG_GPS_LATITUDE = 0x0002;
const TAG_GPS_LONGITUDE = 0x0004;
const MAX_ENTRIES = 512;

export function readExif(block: Uint8Array): ExifSummary {
  const found = new Set<string>();
  let hasLocation = false;
  let other = false;
  const tiff = tiffStart(block);
  const ifd0 = tiff?.ifd(tiff.u32(4));
  if (tiff && ifd0) {
    for (const [tag, entry] of ifd0.entries) {
      const name = IFD0_TAGS[tag];
      if (name) found.add(name);
      else if (tag !== TAG_EXIF_IFD && tag !== TAG_GPS_IFD && !TECHNICAL.has(tag)) other = true;
      if (tag === TAG_EXIF_IFD) {
        for (const t of tiff.ifd(entry.value)?.entries.keys() ?? []) {
          if (EXIF_TAGS[t]) found.add(EXIF_TAGS[t]);
          else if (!TECHNICAL.has(t)) other = true;
        }
      }
      if (tag === TAG_GPS_IFD) {
        const gps = tiff.ifd(entry.value)?.entries ?? new Map();
        hasLocation = gps.has(TAG_GPS_LATITUDE) && gps.has(TAG_GPS_LONGITUDE);
        if (gps.size > 0) found.add(hasLocation ? 'GPS location' : 'GPS details');
      }
    }
    if (ifd0.next !== 0 && (tiff.ifd(ifd0.next)?.entries.size ?? 0) > 0) found.add('thumbnail');
  }
  // Something we do not name (or a block we could not read): say so only when nothing else is named.
  if (found.size === 0 && (other || (!ifd0 && block.length > 0))) found.add('other EXIF details');
  const order = [
    'GPS location',
    'GPS details',
    ...new Set([...Object.values(IFD0_TAGS), ...Object.values(EXIF_TAGS)]),
    'thumbnail',
    'other EXIF details',
  ];
  return { hasLocation, fields: order.filter((name) => found.has(name)) };
}

interface Entry {
  /** The entry's value field read as a 32-bit offset (only meaningful for pointer tags). */
  value: number;
}

class Tiff {
  private readonly seen = new Set<number>();
  constructor(
    private readonly view: DataView,
    private readonly little: boolean,
  ) {}

  u16(at: number): number {
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    return this.view.getUint32(at, this.little);
  }

  /** One IFD's entries by tag and the offset of the next IFD (0 when none); null when the offset is bad or seen before. */
  ifd(offset: number): { entries: Map<number, Entry>; next: number } | null {
    if (this.seen.has(offset) || offset < 8 || offset + 2 > this.view.byteLength) return null;
    this.seen.add(offset);
    const count = Math.min(this.u16(offset), MAX_ENTRIES);
    const entries = new Map<number, Entry>();
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + i * 12;
      if (at + 12 > this.view.byteLength) break;
      entries.set(this.u16(at), { value: this.u32(at + 8) });
    }
    const nextAt = offset + 2 + count * 12;
    const next = nextAt + 4 <= this.view.byteLength ? this.u32(nextAt) : 0;
    return { entries, next };
  }
}

/** The TIFF structure inside an EXIF block, with or without its "Exif\0\0" prefix. */
function tiffStart(block: Uint8Array): Tiff | null {
  let start = 0;
  if (block.length >= 6 && String.fromCharCode(...block.subarray(0, 6)) === 'Exif\0\0') start = 6;
  if (block.length < start + 8) return null;
  const order = String.fromCharCode(block[start]!, block[start + 1]!);
  if (order !== 'II' && order !== 'MM') return null;
  const view = new DataView(block.buffer, block.byteOffset + start, block.length - start);
  const tiff = new Tiff(view, order === 'II');
  if (tiff.u16(2) !== 42) return null;
  return tiff;
}
