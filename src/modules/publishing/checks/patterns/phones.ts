/**
 * UK phone numbers in the ways people write them: "07700 900461", "07700900461", "+44 7700 900321",
 * "+44 (0)7700 900322", "(01632) 960410", "020 7946 0958", "0113 496 0881". Each number is given
 * with its digits in national form (0 and ten more digits).
 */
import type { Span } from '../types.ts';

const PHONE = /(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}\b/g;

export interface FoundPhone {
  span: Span;
  digits: string;
  kind: 'mobile' | 'landline' | 'other';
}

export const nationalDigits = (phone: string): string => {
  let digits = phone.replace(/\(0\)/, '').replace(/\D/g, '');
  if (digits.startsWith('44')) digits = `0${digits.slice(2)}`;
  return digits;
};

export function findPhones(text: string): FoundPhone[] {
  if (!/\d{3}/.test(text)) return [];
  const out: FoundPhone[] = [];
  for (const m of text.matchAll(PHONE)) {
    const digits = nationalDigits(m[0]);
    if (digits.length !== 11 || !digits.startsWith('0')) continue;
    const kind = digits.startsWith('07')
      ? 'mobile'
      : digits.startsWith('01') || digits.startsWith('02')
        ? 'landline'
        : 'other';
    out.push({ span: { start: m.index, end: m.index + m[0].length }, digits, kind });
  }
  return out;
}
