import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { offensive } from './offensive.ts';

const found = (text: string) =>
  offensive({ text }, testContext()).map((f) => `${words(text, f.spans)[0]} ${f.severity}`);

describe('offensive', () => {
  test('PUB-2: swearing, slurs, sexual words, harassment and threats block, citing the clause', () => {
    expect(found('What a fucking result, you twat. Kill yourself. We know where you live.')).toEqual([
      'fucking blocking',
      'twat blocking',
      'Kill yourself blocking',
      'We know where you live blocking',
    ]);
    expect(offensive({ text: 'shit' }, testContext())[0]!.clauseKey).toBe('prohibited.offensive');
  });

  test('PUB-2: disguised spellings are caught', () => {
    expect(found('sh1t, f*ck, fuuuuck, f u c k, b!tch, a$$hole, ѕһіt')).toEqual([
      'sh1t blocking',
      'f*ck blocking',
      'fuuuuck blocking',
      'f u c k blocking',
      'b!tch blocking',
      'a$$hole blocking',
      'ѕһіt blocking',
    ]);
  });

  test('PUB-2: milder words only advise', () => {
    expect(found('Bloody brilliant, if a bit crap.')).toEqual(['Bloody advisory', 'crap advisory']);
  });

  test('PUB-2: innocent words that contain or look like offensive ones pass (Scunthorpe, Dick Whittington, blue tits, bitter)', () => {
    expect(
      found(
        'Scunthorpe, Dick Whittington, blue tits, a cocktail, bitter chocolate, Sussex, the analysis, spotted dick.',
      ),
    ).toEqual([]);
  });

  test('Issue 16: a sneer at another school’s staff, a referee or the opposition’s adults blocks, and the sentence after it too', () => {
    const text = 'Brookside’s PE teacher did the refereeing, and it was pathetic. They can’t even count to eleven.';
    const findings = offensive({ text }, testContext());
    expect(findings.map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['pathetic'], 'blocking'],
      [['can’t even count'], 'blocking'],
    ]);
    expect(findings[0]!.message).toMatch(/mocks another school/);
    const joke = 'The Hillside Academy head teacher is a joke.';
    expect(offensive({ text: joke }, testContext()).map((f) => words(joke, f.spans))).toEqual([['a joke']]);
  });

  test('Issue 16: the school laughing at itself, and contempt for no one, is not a sneer', () => {
    for (const text of [
      'We were hopeless at the staff quiz, but had a great time.',
      'We played pathetically in the first half but came back to draw.',
      'It’s no joke: we raised £350!',
      'Their staff were so welcoming. Thank you, Westfield Primary!',
    ]) {
      expect(offensive({ text }, testContext()), text).toEqual([]);
    }
  });
});
