import { describe, expect, test } from 'vitest';
import { PUPILS, testRoster } from '../test-support.ts';
import { analyseNames } from './mentions.ts';

const m = testRoster();
/** "kind words [NP]" for every name the post uses as a name. */
const names = (text: string): string[] =>
  analyseNames(text, m).mentions.map(
    (x) => `${x.kind} ${text.slice(x.start, x.end)}${x.neverPublish.length ? ' NP' : ''}`,
  );

describe('names in context: a common-word surname alone counts only when it is written as a name', () => {
  test('PUB-2: ordinary words are not names ("a brown dog", "we hope", "the long jump", "will")', () => {
    expect(names('Year 2 drew a brown dog and a black cat.')).toEqual([]);
    expect(names('We hope you had a lovely half term, and we will see you soon.')).toEqual([]);
    expect(names('The long jump was a long way.')).toEqual([]);
    expect(names('May we remind parents about parking.')).toEqual([]);
  });

  test('PUB-2: a capital at the start of a sentence is not enough; mid-sentence it is', () => {
    expect(names('Brown bread won the taste test.')).toEqual([]);
    expect(names('Goals from Brown and Long.')).toEqual(['surname Brown', 'surname Long']);
    expect(names('Man of the match: Will.')).toEqual(['surname Will']);
  });

  test('PUB-2: a verb in the past tense after a sentence-opening surname makes it a name ("King scored")', () => {
    expect(names('King scored twelve goals.')).toEqual(['surname King']);
    expect(names('King Charles visited.')).toEqual([]);
  });

  test('PUB-2: part of a longer proper name, after a determiner or a title, or a month, it is not a pupil', () => {
    expect(names('We went through King’s Cross and Kestrel Hill to the Rose Theatre.')).toEqual([]);
    expect(names('Our new Church of England syllabus and the King’s birthday.')).toEqual([]);
    expect(names('Thank you to Mr Brown, Mrs. Hope and Mrs J. Smith.')).toEqual([]);
    expect(names('The fair is in May, on 14 May, and May Day is next.')).toEqual([]);
    expect(names('The final is in Wells next month.')).toEqual([]);
    expect(names('The choir sang “Hope” at the festival.')).toEqual([]);
  });

  test('PUB-2: surnames that are not ordinary words count wherever they appear, in any case', () => {
    expect(names('okafor scored.')).toEqual(['surname okafor']);
    expect(names('Smith scored.')).toEqual(['surname Smith']);
    expect(names('Thanks to Mr Smith.')).toEqual([]);
  });

  test('Issue 16: a surname that is an ordinary English word (not on the hand-made list) needs capitals: "a smith", "the blacksmith’s smith"', () => {
    expect(names('The smith showed us his forge.')).toEqual([]);
  });

  test('Issue 16: a capitalised first name and a lower-case ordinary word are a name and a verb, not a full name', () => {
    expect(names('Ruby may be small, Freddie will tell you, Isla hope so.')).toEqual(['first Freddie', 'first Isla']);
    expect(names('Ruby May and Freddie Will sang.')).toEqual(['full Ruby May', 'full Freddie Will']);
    expect(names('well done amy brown!')).toEqual(['full amy brown']);
  });

  test('Issue 16: a never-publish first name followed by another surname is someone else; a mascot’s is still read as the pupil’s', () => {
    expect(names('Our visiting author, Kai Holloway, read to us.')).toEqual([]);
    expect(names('Kai the Kestrel, our mascot, visited Year 2.')).toEqual(['first Kai NP']);
    expect(names('Our value this term is Hope. Theme: Hope.')).toEqual([]);
  });

  test('PUB-2: full names always count, in every form, a title or lower case notwithstanding', () => {
    expect(names('well done amy brown!')).toEqual(['full amy brown']);
    expect(names('Well done Amy Brown, Brown, Amy and A. Brown!')).toEqual([
      'full Amy Brown',
      'full Brown, Amy',
      'full A. Brown',
    ]);
    expect(names('Congratulations to Jo Smith’s team.')).toEqual(['full Jo Smith']);
    expect(names('Smith J came first.')).toEqual(['full Smith J']);
  });

  test('PUB-2: "A Brown bear" and "A Stone Age day" are not initials; "I think" after a surname is not one', () => {
    expect(names('A Brown bear visited Year 2.')).toEqual([]);
    expect(names('We saw Hope I think.')).toEqual(['first Hope NP']);
  });

  test('PUB-2: once a pupil is named in full, their surname counts even at the start of a sentence', () => {
    expect(names('Well done to Amy Brown. Brown was brilliant.')).toEqual(['full Amy Brown', 'surname Brown']);
  });

  test('PUB-2: a nickname before a surname makes a full name ("Gracie King")', () => {
    expect(names('Gracie King has been picked.')).toEqual(['full Gracie King']);
  });

  test('PUB-2: a word that is both a first name and a surname is a first name, unless among surnames', () => {
    expect(names('Goals from Thomas and Zoë.')).toEqual(['first Thomas', 'first Zoë']);
    expect(names('Goals from Okafor and Thomas.')).toEqual(['surname Okafor', 'surname Thomas']);
  });

  test('PUB-2: names in capitals: common words count only after "to", "by", "and"…', () => {
    expect(names('WELL DONE TO BROWN!')).toEqual(['surname BROWN']);
    expect(names('KESTREL HILL NEWSLETTER: A LONG DAY')).toEqual([]);
    expect(names('WELL DONE TO AMY BROWN')).toEqual(['full AMY BROWN']);
  });

  test('PUB-2: a never-publish pupil is named by a first name alone, unless the words show another pupil is meant', () => {
    expect(names('Well done, Ellie!')).toEqual(['first Ellie NP']);
    expect(names('Well done, Ellie M.!')).toEqual(['first-initial Ellie M']);
    expect(names('Well done, Ellie Mensah!')).toEqual(['full Ellie Mensah']);
    expect(names('Well done, Ellie T.!')).toEqual(['first-initial Ellie T NP']);
    expect(names('Star of the week: Kai in Hazel class.')).toEqual(['first Kai']);
    expect(names('Star of the week: Kai in Year 8.')).toEqual(['first Kai NP']);
    expect(names('Thompson read a poem.')).toEqual(['surname Thompson NP']);
    expect(names('Thank you to Miss Ellie.')).toEqual([]);
  });

  test('PUB-2: a common-word first name of a never-publish pupil: "Hope you…" is not her; "well done Hope" is', () => {
    expect(names('Hope you all had a good break.')).toEqual([]);
    expect(names('Well done, Hope!')).toEqual(['first Hope NP']);
    expect(names('Hope won the race.')).toEqual(['first Hope NP']);
  });

  test('PUB-2: classes and year groups are found; a class that is also a first name needs a class context', () => {
    const refs = (text: string) => {
      const a = analyseNames(text, m);
      return a.classRefs.map((r) => text.slice(a.tokens.start[r.firstToken], a.tokens.end[r.lastToken]));
    };
    expect(refs('Jo in 4H and Amy in Year 5, Reception and Y6.')).toEqual(['4H', 'Year 5', 'Reception', 'Y6']);
    expect(refs('Hazel class and Oak')).toEqual(['Hazel', 'Oak']);
    expect(refs('Well done Hazel!')).toEqual([]);
    expect(refs('Hazel from Oak class')).toEqual(['Oak']);
    expect(names('Hazel from Oak class')).toEqual(['first Hazel']);
    expect(refs('in Hazel today')).toEqual(['Hazel']);
  });

  test('PUB-2: names in #tags count; mentions carry their pupils and never-publish pupils', () => {
    expect(names('So proud! #WellDoneAmyBrown')).toEqual(
      ['full #WellDoneAmyBrown'.replace('#WellDone', '')].map(() => 'full AmyBrown'),
    );
    const [mention] = analyseNames('Ellie Thompson', m).mentions;
    expect(mention!.pupils.map((p) => PUPILS[p]!.id)).toEqual(['ellie-np']);
    expect(mention!.neverPublish.map((p) => PUPILS[p]!.id)).toEqual(['ellie-np']);
  });

  test('PUB-2: the analysis of the last text is remembered, and a new text is analysed afresh', () => {
    const a = analyseNames('Jo Smith', m);
    expect(analyseNames('Jo Smith', m)).toBe(a);
    expect(analyseNames('Amy Brown', m)).not.toBe(a);
  });
});
