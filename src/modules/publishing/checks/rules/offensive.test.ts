import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { offensive } from './offensive.ts';

const found = (text: string) => offensive({ text }, testContext()).map((f) => `${words(text, f.spans)[0]} ${f.severity}`);

describe('offensive', () => {
  test('PUB-2: swearing, slurs, sexual words, harassment and threats block, citing the clause', () => {
    expect(found('What a fucking result, you twat. Kill yourself. We know where you live.')).toEqual([
      'fucking blocking', 'twat blocking', 'Kill yourself blocking', 'We know where you live blocking',
    ]);
    expect(offensive({ text: 'shit' }, testContext())[0]!.clauseKey).toBe('prohibited.offensive');
  });

  test('PUB-2: disguised spellings are caught', () => {
    expect(found('sh1t, f*ck, fuuuuck, f u c k, b!tch, a$$hole, ѕһіt')).toEqual([
      'sh1t blocking', 'f*ck blocking', 'fuuuuck blocking', 'f u c k blocking', 'b!tch blocking', 'a$$hole blocking', 'ѕһіt blocking',
    ]);
  });

  test('PUB-2: milder words only advise', () => {
    expect(found('Bloody brilliant, if a bit crap.')).toEqual(['Bloody advisory', 'crap advisory']);
  });

  test('PUB-2: innocent words that contain or look like offensive ones pass (Scunthorpe, Dick Whittington, blue tits, bitter)', () => {
    expect(found('Scunthorpe, Dick Whittington, blue tits, a cocktail, bitter chocolate, Sussex, the analysis, spotted dick.')).toEqual([]);
  });
});
