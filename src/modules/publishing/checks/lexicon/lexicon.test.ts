import { describe, expect, test } from 'vitest';
import { Lexicon, parseTerms } from './lexicon.ts';
import { listMatches, maintainedLists } from './lists.ts';

const lexicon = (lines: string[]) => new Lexicon(parseTerms(lines, 'blocking', 'test'), true);
const found = (lex: Lexicon, text: string) =>
  lex.matchText(text).map((m) => `${text.slice(m.span.start, m.span.end)}${m.term.severity === 'advisory' ? '?' : ''}`);

describe('word lists', () => {
  test('PUB-2: the list syntax: whole words, "+" for an open end, "!" and "?" for severity, "-" for exceptions, "#" for comments', () => {
    const terms = parseTerms(
      ['# a comment', 'tit', 'bitch+', '+shit+', '?crap', '!!gross', '-blue tit', '   '],
      'advisory',
      'x',
    );
    expect(terms.map((t) => [t.text, t.leftOpen, t.rightOpen, t.severity, t.exception])).toEqual([
      ['tit', false, false, 'advisory', false],
      ['bitch', false, true, 'advisory', false],
      ['shit', true, true, 'advisory', false],
      ['crap', false, false, 'advisory', false],
      ['!gross', false, false, 'blocking', false],
      ['blue tit', false, false, 'advisory', true],
    ]);
  });

  test('PUB-2: whole words do not match inside other words (the Scunthorpe problem)', () => {
    const lex = lexicon(['tit', 'cunt+', 'dick']);
    expect(found(lex, 'title, titanic, Scunthorpe, Dickens')).toEqual([]);
    expect(found(lex, 'what a tit, and a dick')).toEqual(['tit', 'dick']);
  });

  test('PUB-2: open ends match inside words and highlight the whole word', () => {
    const lex = lexicon(['+fuck+', 'bitch+', '+hole']);
    expect(found(lex, 'motherfucker bitches pothole')).toEqual(['motherfucker', 'bitches', 'pothole']);
  });

  test('PUB-2: exceptions drop the matches they overlap; the longest match wins at a place', () => {
    const lex = lexicon(['tit', 'tits', 'dick', '-blue tits', '-dick whittington', 'kill', 'kill yourself']);
    expect(found(lex, 'blue tits and Dick Whittington')).toEqual([]);
    expect(found(lex, 'go kill yourself')).toEqual(['kill yourself']);
  });

  test('PUB-2: the maintained lists load, and each rule sees only its own list', () => {
    expect(maintainedLists().size).toBeGreaterThan(200);
    const text = 'We believe the government should not have sacked the fucking caretaker. Reposting this.';
    expect(listMatches(text, 'offensive').map((m) => text.slice(m.span.start, m.span.end))).toEqual(['fucking']);
    expect(listMatches(text, 'confidential').map((m) => text.slice(m.span.start, m.span.end))).toEqual(['sacked']);
    expect(listMatches(text, 'political-cues').map((m) => text.slice(m.span.start, m.span.end))).toEqual([
      'We believe',
    ]);
    expect(listMatches(text, 'political-topics').map((m) => text.slice(m.span.start, m.span.end))).toEqual([
      'government',
    ]);
    expect(listMatches(text, 'attribution-cues').map((m) => text.slice(m.span.start, m.span.end))).toEqual([
      'Reposting',
    ]);
  });

  test('PUB-2: innocent words in the maintained list stay innocent', () => {
    const text =
      'Scunthorpe, Penistone, Essex, Dick Whittington, Moby Dick, spotted dick, blue tits, great tits, tit for tat, cocktail, cockerel, shiitake, bitter, analysis, Arsenal, grape, therapist, assessment, oilseed rape, pussy willow, fire retardant, slag heap, sextant, Sussex, Hancock, Dickens, title, butter';
    expect(listMatches(text, 'offensive').map((m) => text.slice(m.span.start, m.span.end))).toEqual([]);
  });
});
