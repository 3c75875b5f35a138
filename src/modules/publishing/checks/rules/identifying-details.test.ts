import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { identifyingDetails } from './identifying-details.ts';

const check = (text: string) => identifyingDetails({ text }, testContext());
const found = (text: string) => check(text).map((f) => `${words(text, f.spans).join(' + ')} ${f.severity}`);

describe('identifying-details', () => {
  test('PUB-2: a first name with that pupil’s class or year in the same sentence advises', () => {
    expect(found('Well done to Jo in 4H!')).toEqual(['Jo + 4H advisory']);
    expect(found('Year 5: Amy won the art prize.')).toEqual(['Amy + Year 5 advisory']);
    const [f] = check('Jo in 4H');
    expect(f!.clauseKey).toBe('images.identifying-details');
  });

  test('PUB-2: not when no pupil of that name is in that class, or the class is in another sentence', () => {
    expect(found('Well done to Jo in Year 9!')).toEqual([]);
    expect(found('Year 4 went to the zoo. Jo loved it.')).toEqual([]);
  });

  test('PUB-2: a pupil already named in full is left to the surname finding', () => {
    expect(found('Jo Smith in 4H, and Jo again.')).toEqual([]);
  });

  test('PUB-2: a date of birth blocks: with "born", "birthday" or "DOB", or equal to a named pupil’s', () => {
    expect(found('Jo was born on 3 November 2016.')).toEqual(['3 November 2016 blocking']);
    expect(found('Lost: a bag labelled Amy, DOB 07/04/2016.')).toEqual(['07/04/2016 blocking']);
    expect(found('Amy: 2016-04-07, a day to remember.')).toEqual(['2016-04-07 blocking']);
  });

  test('PUB-2: event dates and dates outside a pupil’s lifetime are not dates of birth', () => {
    expect(found('The trip is on 3 November 2026.')).toEqual([]);
    expect(found('Happy birthday to the school, which opened on 14 September 1971!')).toEqual([]);
  });

  test('PUB-2: a home address blocks; a venue’s address does not', () => {
    expect(found('Jo’s cat is missing near her home at 12 Acacia Avenue.')).toEqual(['12 Acacia Avenue blocking']);
    expect(found('Did you know Ivy lives on Ivy Lane?')).toEqual(['Ivy Lane blocking']);
    expect(found('The trip starts at Kestrel Farm, 2 Mill Road, ZZ9 3WT.')).toEqual([]);
  });

  test('PUB-2: a postcode blocks with where someone lives or a pupil’s name; the school’s own never does', () => {
    expect(found('Jo has moved house (ZZ9 6PL).')).toEqual(['ZZ9 6PL blocking']);
    expect(found('Amy found it at ZZ9 6PL.')).toEqual(['ZZ9 6PL blocking']);
    expect(found('Our new address is School Lane, ZZ9 4KH.')).toEqual([]);
  });

  test('Issue 16: a full postal address anywhere: someone’s blocks, a venue’s is fine, anyone else’s waits for the approver to confirm it is a public place', () => {
    const buried =
      'Lost property is in the office. A parent has offered spare seedlings: collect them from 18 Orchard Rise, Little Kestrel, ZZ9 7QD. Sports Day is on Friday.';
    const [f] = check(buried);
    expect([words(buried, f!.spans)[0], f!.severity]).toEqual(['18 Orchard Rise, Little Kestrel, ZZ9 7QD', 'confirm']);
    expect(f!.confirm).toMatch(/public place/);
    expect(found('Please return it to the Brown family at 27 Brook Lane, Kestrel, ZZ9 5TW.')).toEqual([
      '27 Brook Lane, Kestrel, ZZ9 5TW blocking',
    ]);
    expect(found('Letters can go to Mrs Evans, Flat 2, 9 Willow Court, Kestrel ZZ9 4RB.')).toEqual([
      'Flat 2, 9 Willow Court, Kestrel ZZ9 4RB blocking',
    ]);
    expect(found('Her address is 7 Rectory Gardens, Kestrel ZZ9 3HQ.')).toEqual([
      '7 Rectory Gardens, Kestrel ZZ9 3HQ blocking',
    ]);
    expect(found('The fair is at Kestrel Village Hall, 14 Station Road, Kestrel, ZZ9 8PQ, on Saturday.')).toEqual([]);
    expect(found('The new library is at 5 High Street, Kestrel ZZ9 1LL.')).toEqual([]);
    expect(found('Delivered by Kestrel Motors, Unit 4, Mill Lane Industrial Estate, Kestrel ZZ9 2MN.')).toEqual([]);
    // a street without a postcode, outside a sentence about a home, is left alone (venues give them)
    expect(found('Meet at 2 Mill Road at 9am.')).toEqual([]);
  });
});
