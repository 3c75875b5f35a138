import { describe, expect, test } from 'vitest';
import { testRoster } from '../test-support.ts';
import {
  F_ALLCAPS,
  F_CAP,
  F_POSS,
  F_SENT_START,
  F_SINGLE,
  F_TIGHT,
  F_WORD,
  SYM_BREAK,
  SYM_COMMA,
  SYM_PERIOD,
  skipRanges,
  tokenise,
} from './tokens.ts';

const m = testRoster();
const toks = (text: string) => {
  const t = tokenise(text, m.vocab, m.wordFlags);
  return Array.from({ length: t.n }, (_, i) => ({
    text: text.slice(t.start[i], t.end[i]),
    sym: t.sym[i]!,
    flags: t.flags[i]!,
    sentence: t.sentence[i]!,
  }));
};
const wordTexts = (text: string) =>
  toks(text)
    .filter((t) => t.flags & F_WORD)
    .map((t) => t.text);

describe('the tokeniser', () => {
  test('PUB-2: words keep offsets into the original text, so findings highlight exactly', () => {
    const text = '  Well   done,\tJo Smith!';
    const t = tokenise(text, m.vocab, m.wordFlags);
    const spans = Array.from({ length: t.n }, (_, i) => text.slice(t.start[i], t.end[i]));
    expect(spans).toEqual(['Well', 'done', ',', 'Jo', 'Smith', '!']);
  });

  test('PUB-2: a word is found whatever its case, accents or apostrophes', () => {
    const id = (w: string) => toks(w)[0]!.sym;
    expect(id('SMITH')).toBe(id('smith'));
    expect(id('Martin')).toBe(id('Martín'));
    expect(id('MARTÍN')).toBe(id('martin'));
    expect(id("O'Brien")).toBe(id('O’Brien'));
    expect(id('OBrien')).toBe(id('Oʼbrien'));
    expect(id('smith')).toBeGreaterThan(2);
    expect(id('zebra')).toBe(0);
  });

  test('PUB-2: a possessive ’s is cut off and remembered; other apostrophes stay inside the word', () => {
    const [smith] = toks('Smith’s goal');
    expect(smith!.text).toBe('Smith');
    expect(smith!.flags & F_POSS).toBeTruthy();
    expect(toks("James' coat")[0]).toMatchObject({ text: 'James', flags: expect.any(Number) });
    expect(toks("James' coat")[0]!.flags & F_POSS).toBeTruthy();
    expect(wordTexts("O'Brien don't")).toEqual(["O'Brien", "don't"]);
  });

  test('PUB-2: hyphens and dashes separate words; commas and full stops are tokens of their own', () => {
    expect(wordTexts('Smith-Jones scored – twice')).toEqual(['Smith', 'Jones', 'scored', 'twice']);
    const t = toks('Smith, J. Brown');
    expect(t.map((x) => (x.sym === SYM_COMMA ? ',' : x.sym === SYM_PERIOD ? '.' : x.text))).toEqual([
      'Smith',
      ',',
      'J',
      '.',
      'Brown',
    ]);
  });

  test('PUB-2: numbers with points, commas or colons stay whole ("8.45", "£1,200", "10:30")', () => {
    expect(wordTexts('at 8.45 am, £1,200 by 10:30')).toEqual(['at', '8.45', 'am', '1,200', 'by', '10:30']);
  });

  test('PUB-2: flags: capital, all capitals, single letter, sentence start, only spaces before', () => {
    const t = toks('Well done. AMY won! a B');
    const byText = Object.fromEntries(t.map((x) => [x.text, x.flags]));
    expect(byText.Well! & F_SENT_START).toBeTruthy();
    expect(byText.done! & F_SENT_START).toBeFalsy();
    expect(byText.AMY! & F_ALLCAPS).toBeTruthy();
    expect(byText.AMY! & F_SENT_START).toBeTruthy();
    expect(byText.a! & F_SENT_START).toBeTruthy();
    expect(byText.B! & F_SINGLE).toBeTruthy();
    expect(byText.B! & F_CAP).toBeTruthy();
    expect(byText.done! & F_TIGHT).toBeTruthy();
  });

  test('PUB-2: sentences end at . ! ? and line breaks, but not after an initial or a title', () => {
    const sentences = (text: string) =>
      toks(text)
        .filter((x) => x.flags & F_WORD)
        .map((x) => `${x.sentence}:${x.text}`);
    expect(sentences('J. Smith won. Mr. Hill lost! Next')).toEqual([
      '0:J',
      '0:Smith',
      '0:won',
      '1:Mr',
      '1:Hill',
      '1:lost',
      '2:Next',
    ]);
    expect(sentences('Line one\nLine two')).toEqual(['0:Line', '0:one', '1:Line', '1:two']);
    expect(sentences('Scorers: Brown')).toEqual(['0:Scorers', '0:Brown']);
  });

  test('PUB-2: web and email addresses and @handles are breaks; a #tag is read as its words', () => {
    expect(wordTexts('Email jo.smith@gmail.com or see www.smith.org/jo and https://x.com/smith')).toEqual([
      'Email',
      'or',
      'see',
      'and',
    ]);
    expect(wordTexts('thanks @SmithFamily')).toEqual(['thanks']);
    const tag = toks('#WellDoneJoSmith2026').filter((x) => x.flags & F_WORD);
    expect(tag.map((x) => x.text)).toEqual(['Well', 'Done', 'Jo', 'Smith', '2026']);
    expect(tag.every((x) => x.flags & F_ALLCAPS)).toBe(true);
    expect(toks('#tag')[0]!.sym).toBe(SYM_BREAK);
  });

  test('PUB-2: skipRanges finds addresses without swallowing the full stop after them', () => {
    const text = 'Write to a.b@c.co.uk. Or go to https://kestrel.example/page, today.';
    const r = skipRanges(text);
    expect([text.slice(r[0], r[1]), text.slice(r[2], r[3])]).toEqual(['a.b@c.co.uk', 'https://kestrel.example/page']);
    expect(skipRanges('no addresses here')).toEqual([]);
  });

  test('PUB-2: an empty post and a 100,000-character post both tokenise', () => {
    expect(tokenise('', m.vocab, m.wordFlags).n).toBe(0);
    const long = 'Jo Smith won the race. '.repeat(4400);
    const t = tokenise(long, m.vocab, m.wordFlags);
    expect(t.n).toBe(4400 * 6);
    expect(t.end[t.n - 1]).toBe(long.length - 1);
  });
});
