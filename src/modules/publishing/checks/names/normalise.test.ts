import { describe, expect, test } from 'vitest';
import { firstNameForms, nameTokens, surnameForms } from './normalise.ts';

describe('names as the tokeniser reads them', () => {
  test('PUB-2: case, accents and apostrophes fold away; hyphens and spaces separate', () => {
    expect(nameTokens('Zoë')).toEqual(['zoe']);
    expect(nameTokens("O'Brien")).toEqual(['obrien']);
    expect(nameTokens('O’Neill')).toEqual(['oneill']);
    expect(nameTokens('Ní Bhriain')).toEqual(['ni', 'bhriain']);
    expect(nameTokens('Smith-Jones')).toEqual(['smith', 'jones']);
    expect(nameTokens('Łukasz Wiśniewski')).toEqual(['lukasz', 'wisniewski']);
    expect(nameTokens('Yılmaz')).toEqual(['yilmaz']);
    expect(nameTokens('Åberg')).toEqual(['aberg']);
    expect(nameTokens('  ')).toEqual([]);
  });

  test('PUB-2: a surname of several words separated by spaces may also be written as one word', () => {
    expect(surnameForms('van der Berg')).toEqual([['van', 'der', 'berg'], ['vanderberg']]);
    expect(surnameForms('Da Silva')).toEqual([['da', 'silva'], ['dasilva']]);
    expect(surnameForms('Smith-Jones')).toEqual([['smith', 'jones']]);
    expect(surnameForms('Brown')).toEqual([['brown']]);
    expect(surnameForms('')).toEqual([]);
  });

  test('PUB-2: a pupil goes by their preferred name and their legal first name, without repeats', () => {
    expect(firstNameForms('Joanna', 'Jo')).toEqual([['jo'], ['joanna']]);
    expect(firstNameForms('Amy', 'AMY')).toEqual([['amy']]);
    expect(firstNameForms('Mary-Jane', null)).toEqual([['mary', 'jane']]);
  });
});
