import { describe, expect, test } from 'vitest';
import { findAddresses } from './addresses.ts';
import { findDates } from './dates.ts';
import { findEmails, onDomains } from './emails.ts';
import { findPhones, nationalDigits } from './phones.ts';
import { findPostcodes, normalisePostcode } from './postcodes.ts';

const texts = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe('hand-written patterns (not names: these may be regular expressions)', () => {
  test('PUB-2: dates with a year, in the ways posts write them', () => {
    const text =
      'born 14 July 2016, 3rd of March, 2015, July 14th 2016, 14/07/2016, 4.5.16, 2016-07-14, 31/02/2016, 14 July';
    expect(findDates(text).map((d) => d.iso)).toEqual([
      '2016-07-14',
      '2015-03-03',
      '2016-07-14',
      '2016-07-14',
      '2016-05-04',
      '2016-07-14',
    ]);
    expect(
      texts(
        text,
        findDates(text).map((d) => d.span),
      )[0],
    ).toBe('14 July 2016');
    expect(findDates('no digits here')).toEqual([]);
  });

  test('PUB-2: UK phone numbers: mobiles, landlines, +44 and (0), in any spacing', () => {
    const text =
      '07700 900461, 07700900323, +44 7700 900321, +44 (0)7700 900322, (01632) 960410, 020 7946 0958, 0113 496 0881, 0808 800 5000, 0800 1111, 14/07/2016';
    const phones = findPhones(text);
    expect(phones.map((p) => [p.digits, p.kind])).toEqual([
      ['07700900461', 'mobile'],
      ['07700900323', 'mobile'],
      ['07700900321', 'mobile'],
      ['07700900322', 'mobile'],
      ['01632960410', 'landline'],
      ['02079460958', 'landline'],
      ['01134960881', 'landline'],
      ['08088005000', 'other'],
    ]);
    expect(nationalDigits('+44 (0)1632 960410')).toBe('01632960410');
  });

  test('PUB-2: email addresses, personal or not, and the school’s own domains', () => {
    const text =
      'Write to kestrelhillpta@gmail.com, info@leisure.co.uk, james.harris@coaching.co.uk or office@kestrelhill.sch.uk.';
    expect(findEmails(text).map((e) => [e.address, e.personal])).toEqual([
      ['kestrelhillpta@gmail.com', true],
      ['info@leisure.co.uk', false],
      ['james.harris@coaching.co.uk', true],
      ['office@kestrelhill.sch.uk', false],
    ]);
    expect(onDomains('kestrelhill.sch.uk', ['kestrelhill.sch.uk'])).toBe(true);
    expect(onDomains('mail.kestrelhill.sch.uk', ['@KestrelHill.sch.uk'])).toBe(true);
    expect(onDomains('notkestrelhill.sch.uk', ['kestrelhill.sch.uk'])).toBe(false);
    expect(findEmails('a @ b, @handle, x@y')).toEqual([]);
  });

  test('PUB-2: UK postcodes in capitals, with or without the space', () => {
    expect(findPostcodes('ZZ9 4KH, SW1A 1AA, BS83HA, zz9 4kh, 3pm').map((p) => p.postcode)).toEqual([
      'ZZ94KH',
      'SW1A1AA',
      'BS83HA',
    ]);
    expect(normalisePostcode(' zz9  4kh ')).toBe('ZZ94KH');
  });

  test('PUB-2: street addresses with a number, or a street after "lives on"', () => {
    const text = 'She lives at 12 Acacia Avenue. Flat 3, 22 High St. He lives on Ivy Lane. We met at 4 pm.';
    expect(texts(text, findAddresses(text))).toEqual(['12 Acacia Avenue', '22 High St', 'Ivy Lane']);
  });
});
