/**
 * Street addresses: a house number and a street ("12 Acacia Avenue", "Flat 3, 22 High St"), or a
 * street named after "lives on/at/in" ("lives on Ivy Lane"). Whether one is a home address depends
 * on the sentence around it (see the identifying-details rule).
 */
import type { Span } from '../types.ts';

const STREET =
  '(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Grove|Gardens|Gdns|Place|Pl|Court|Ct|Terrace|Tce|Walk|Mews|Rise|Row|Square|Sq|Hill|Park|View|Vale|Green|Parade|Mount|Meadows?|Fields?|Chase|Wharf)';
const NAME = "(?:[A-Z][\\p{L}'’-]*\\s+){1,3}";
const NUMBERED = new RegExp(`\\b\\d{1,4}[A-Za-z]?,?\\s+${NAME}${STREET}\\b`, 'gu');
const AFTER_LIVES = new RegExp(
  `\\b(?:lives?|living|lived|staying|stays?)\\s+(?:on|at|in)\\s+(${NAME}${STREET})\\b`,
  'giu',
);

export function findAddresses(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(NUMBERED)) out.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(AFTER_LIVES)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (!out.some((s) => s.start <= start && start < s.end)) out.push({ start, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

const FLAT = '(?:(?:Flat|Apartment|Apt|Unit)\\s+\\d{1,4}[A-Za-z]?,?\\s+)?';
const TOWN = "(?:,?\\s+(?:[A-Z][\\p{L}'’-]*)(?:\\s+[A-Z][\\p{L}'’-]*){0,2}){0,2}";
const POSTCODE = '(?:,?\\s+(?:[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}))';
const HAS_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/;
const POSTAL = new RegExp(`\\b${FLAT}\\d{1,4}[A-Za-z]?,?\\s+${NAME}${STREET}\\b${TOWN}${POSTCODE}\\b`, 'gu');

/**
 * Full postal addresses: a house number and street, perhaps a flat, a town, and a postcode ("Flat 2,
 * 9 Willow Court, Fernley ZZ3 4RB"). Found wherever they are: whose address it is depends on the words
 * before it (see the identifying-details rule).
 */
export function findPostalAddresses(text: string): Span[] {
  // every full address ends in a postcode: most posts have none, and this looks for one cheaply
  if (!HAS_POSTCODE.test(text)) return [];
  const out: Span[] = [];
  for (const m of text.matchAll(POSTAL)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
