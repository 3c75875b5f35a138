/** UK postcodes in capitals, with or without the space: "ZZ9 4KH", "SW1A 1AA", "BS83HA". */
import type { Span } from '../types.ts';

const POSTCODE = /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/g;

export const normalisePostcode = (postcode: string): string => postcode.replace(/\s+/g, '').toUpperCase();

export function findPostcodes(text: string): { span: Span; postcode: string }[] {
  const out: { span: Span; postcode: string }[] = [];
  for (const m of text.matchAll(POSTCODE))
    out.push({ span: { start: m.index, end: m.index + m[0].length }, postcode: normalisePostcode(m[0]) });
  return out;
}
