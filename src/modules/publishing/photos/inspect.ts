/**
 * What hidden details an uploaded photo carried (PUB-4), read from sharp's header metadata before
 * the photo is cleaned, so the uploader can be told "This photo carried a location. It has been
 * removed." Names only, never the values. The colour profile is removed too (after converting to
 * sRGB) but not named: it says nothing about who, where or when.
 */
import type { Metadata } from 'sharp';
import { readExif } from './exif.ts';

export interface CarriedDetails {
  /** A GPS position, in the EXIF block or in XMP. */
  hadLocation: boolean;
  /** Plain-English names of everything that was removed, e.g. ["GPS location", "camera model", "date taken", "XMP details"]. */
  removed: string[];
}

export function carriedDetails(meta: Metadata): CarriedDetails {
  const removed: string[] = [];
  let hadLocation = false;
  if (meta.exif && meta.exif.length > 0) {
    const exif = readExif(meta.exif);
    hadLocation = exif.hasLocation;
    removed.push(...exif.fields);
  }
  if (meta.xmp && meta.xmp.length > 0) {
    const xmp = meta.xmp.toString('utf8');
    if (/GPSLatitude/.test(xmp) && /GPSLongitude/.test(xmp)) {
      if (!hadLocation) removed.unshift('GPS location');
      hadLocation = true;
    }
    removed.push('XMP details');
  }
  if (meta.iptc && meta.iptc.length > 0) removed.push('IPTC details');
  if (meta.comments && meta.comments.length > 0) removed.push('text comments');
  return { hadLocation, removed };
}

export const LOCATION_REMOVED = 'This photo carried a location. It has been removed.';
