import { describe, expect, it } from 'vitest';
import {
  BLUESKY_TEXT,
  MASTODON_TEXT,
  countText,
  graphemeLength,
  mastodonLength,
  textLimitFor,
  tooLongMessage,
} from './text-limit.ts';

const bluesky = (text: string) => countText(text, BLUESKY_TEXT);

describe('PUB-6: how long a post may be on its account’s platform, one rule from the first keystroke to publishing', () => {
  it('PUB-6: Bluesky takes 300 characters and refuses 301, with what to do in plain English', () => {
    expect(bluesky('a'.repeat(300))).toEqual({ label: 'Bluesky', length: 300, max: 300, over: 0, tooManyBytes: false });
    expect(tooLongMessage(bluesky('a'.repeat(300)))).toBeNull();
    expect(bluesky('a'.repeat(301))).toMatchObject({ length: 301, over: 1 });
    expect(tooLongMessage(bluesky('a'.repeat(301)))).toBe(
      'The post is 301 characters long and Bluesky allows 300. Shorten it by 1 character',
    );
    expect(tooLongMessage(bluesky('a'.repeat(442)))).toBe(
      'The post is 442 characters long and Bluesky allows 300. Shorten it by 142 characters',
    );
    expect(tooLongMessage(bluesky(''))).toBeNull();
  });

  it('PUB-6: Bluesky counts what a reader sees as one character: emoji, skin tones, flags, families and combining accents count once', () => {
    for (const one of ['👍', '👍🏽', '🏴󠁧󠁢󠁷󠁬󠁳󠁿', '👨‍👩‍👧', '🇬🇧', 'e\u0301', 'n\u0303\u0323']) {
      expect(graphemeLength(one), JSON.stringify(one)).toBe(1);
      expect(bluesky(one.repeat(300)).over, JSON.stringify(one)).toBe(0);
      expect(bluesky(`${one.repeat(300)}a`).over, JSON.stringify(one)).toBe(1);
    }
    // 300 thumbs are 600 UTF-16 units: a count of code units would call this 300 over.
    expect('👍'.repeat(300).length).toBe(600);
    expect(bluesky('👍'.repeat(300))).toMatchObject({ length: 300, over: 0 });
    // "Café" written with a combining accent is 4 characters, as a reader sees it.
    expect(bluesky('Cafe\u0301').length).toBe(4);
  });

  it('PUB-6: Bluesky also refuses more than 3,000 bytes, however few characters', () => {
    const heavy = '👨‍👩‍👧‍👦'.repeat(150); // 150 characters of 25 bytes each
    expect(bluesky(heavy)).toMatchObject({ length: 150, over: 0, tooManyBytes: true });
    expect(tooLongMessage(bluesky(heavy))).toBe(
      'The post uses too many special characters or emoji for Bluesky. Shorten it',
    );
    expect(bluesky('👍'.repeat(250)).tooManyBytes).toBe(false); // 1,000 bytes
  });

  it('PUB-6: Mastodon takes 500 by default, a link counting 23 however long', () => {
    expect(countText('a'.repeat(500), MASTODON_TEXT).over).toBe(0);
    expect(countText('a'.repeat(501), MASTODON_TEXT).over).toBe(1);
    const link = `https://alder.example.sch.uk/${'news/'.repeat(100)}`;
    expect(mastodonLength(link)).toBe(23);
    expect(countText(`${'a'.repeat(476)} ${link}`, MASTODON_TEXT)).toMatchObject({ length: 500, over: 0 });
  });

  it('PUB-6: the account’s platform decides the limit; platforms posted to by hand have none here', () => {
    expect(textLimitFor('bluesky')).toBe(BLUESKY_TEXT);
    expect(textLimitFor('mastodon')).toBe(MASTODON_TEXT);
    for (const other of ['facebook', 'instagram', 'x', 'other', 'made-up', '', null, undefined])
      expect(textLimitFor(other)).toBeNull();
  });
});

describe('PUB-6: counting characters quickly and exactly', () => {
  const segmented = (text: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;

  it('PUB-6: counts exactly as segmenting the whole text would, across every kind of character and every place a piece could be cut', () => {
    const parts = [
      'a',
      'Z',
      '7',
      ' ',
      '.',
      ',',
      '!',
      '\n',
      '\r\n',
      '\r',
      '\t',
      '  ',
      'é',
      'e\u0301',
      ' \u0301',
      '.\u0301',
      'n\u0303\u0323',
      '👍',
      '👍🏽',
      ' 🏽',
      '👨‍👩‍👧',
      '\u200d',
      '🇬🇧',
      '🇬',
      '🇧',
      '🏴󠁧󠁢󠁷󠁬󠁳󠁿',
      '한',
      '\u1100\u1161\u11a8',
      '\u1100',
      '\u1161',
      'क्ष',
      'क',
      '\u094d',
      '中文',
      '。',
      '，',
      'ﾊ\uff9e',
      ' \uff9e',
      '\u0600',
      '\u0d4e',
      'ൎക',
      '\u200c',
      '©️',
      '\ud83d',
      'x\ufe0f',
      '—',
      '’',
      'กำ',
      'ำ',
      'ກຳ',
      'ຳ',
      'é',
      'ß',
      'Ω',
      'ж',
      'ا',
      'ب',
      'ي',
      'א',
      'ñ',
      '\u0915\u094d\u0937',
      'ि',
      'कि',
      '𝒜',
      '𝒜𝒜',
    ];
    let seed = 20261118;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    // Half the runs without any ASCII, so the cuts between other scripts' characters are tried too.
    const foreign = parts.filter((p) => !/[\x00-\x7f]/.test(p));
    for (let run = 0; run < 400; run++) {
      let text = '';
      const target = Math.floor(random() * 1500);
      const pool = run % 2 ? foreign : parts;
      while (text.length < target)
        text +=
          run % 2 || random() < 0.5
            ? pool[Math.floor(random() * pool.length)]
            : 'word '.slice(0, 1 + Math.floor(random() * 5));
      expect(graphemeLength(text), JSON.stringify(text.slice(0, 80))).toBe(segmented(text));
    }
  });

  it('PUB-6: the longest post Postwarden takes, and ten times it, are counted in well under a second', () => {
    for (const text of ['a'.repeat(100_000), 'Well done, Year 4! 👍🏽 '.repeat(4_000), 'é'.repeat(100_000)]) {
      const started = performance.now();
      const n = graphemeLength(text);
      expect(performance.now() - started, `${text.slice(0, 12)}… (${n})`).toBeLessThan(1_000);
    }
    expect(graphemeLength('a'.repeat(100_000))).toBe(100_000);
  });
});
