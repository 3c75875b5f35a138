import { describe, expect, test } from 'vitest';
import { SEP, STAR, buildStream, foldTerm } from './stream.ts';

/** The stream as text: letters, digits, '*' and '_' for a separator. */
const show = (text: string, disguise = true): string => {
  const s = buildStream(text, disguise);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.codes[i]!;
    out += c === SEP ? '_' : c === STAR ? '*' : c <= 26 ? String.fromCharCode(96 + c) : String(c - 27);
  }
  return out;
};

describe('the folded stream for word lists', () => {
  test('PUB-2: words are folded and separated by one separator; apostrophes and a possessive ’s go', () => {
    expect(show('Don’t   tell — ANYONE!')).toBe('_dont_tell_anyone_');
    expect(show("The UK’s children's services")).toBe('_the_uk_children_services_');
    expect(show('Zoë Martín, Łódź', false)).toBe('_zoe_martin_lodz_');
  });

  test('PUB-2: disguises are undone: leet digits and symbols inside words, stars kept, repeated letters, spaced letters', () => {
    expect(show('sh1t b!tch a$$hole p0rn')).toBe('_shit_bitch_asshole_porn_');
    expect(show('f*ck f***ing')).toBe('_f*ck_f***ing_');
    expect(show('fuuuuuck shiiiit')).toBe('_fuck_shit_');
    expect(show('f u c k and f.u.c.k')).toBe('_fuck_and_fuck_');
    expect(show('ѕһіt')).toBe('_shit_');
  });

  test('PUB-2: numbers on their own, sentence punctuation and pairs of single letters stay as they are', () => {
    expect(show('Year 6 won 4–2!')).toBe('_year_6_won_4_2_');
    expect(show('bitch! no')).toBe('_bitch_no_');
    expect(show('A B and C')).toBe('_a_b_and_c_');
    expect(show('good  ')).toBe('_good_');
  });

  test('PUB-2: "needs" and "coffee" keep their double letters; only three or more in a row collapse', () => {
    expect(show('needs coffee')).toBe('_needs_coffee_');
  });

  test('PUB-2: plain mode reads digits and symbols as they are', () => {
    expect(show('sh1t f*ck', false)).toBe('_sh1t_f_ck_');
  });

  test('PUB-2: every code maps back to the original characters (for highlighting)', () => {
    const text = 'Oh, fuuuuck!';
    const s = buildStream(text, true);
    const first = [...s.codes.slice(0, s.length)].indexOf(6); // f
    expect(text.slice(s.startOf[first], s.endOf[first + 3])).toBe('fuuuuck');
  });

  test('PUB-2: web and email addresses are left out', () => {
    expect(show('mail shit@x.com or see www.fuck.example now')).toBe('_mail_or_see_now_');
  });

  test('PUB-2: terms fold the same way as posts', () => {
    const stream = buildStream('The children’s services', true);
    const codes = [...stream.codes.slice(0, stream.length)].join(',');
    expect(codes.includes([...foldTerm("children's services", true)].join(','))).toBe(true);
    expect(foldTerm("children's services", true).length).toBe('children services'.length);
  });
});
