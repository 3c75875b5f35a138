/**
 * Issue 16: the health, inspection-grade and sneer detectors run only on a post with one of their
 * cues, found in the one pass every word list shares (lexicon/data/*-cues.txt). These show the gate
 * lets through every post the detectors' own expressions would find something in, including a cue
 * that only appears inside a web address (which the shared pass leaves out) and spellings the shared
 * pass folds (a tripled letter, a curly apostrophe, a hyphen).
 */
import { describe, expect, test } from 'vitest';
import { listMatches } from '../lexicon/lists.ts';
import { healthDetails } from './health.ts';
import { inspectionGrades } from './inspection.ts';
import { sneers } from './sneers.ts';

const words = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe('detector cues', () => {
  test('PUB-2: a post with none of the cues wakes none of the three detectors', () => {
    const text = 'Well done to our netball team, who played brilliantly on Saturday. See you at the fair!';
    for (const list of ['health-cues', 'inspection-cues', 'sneer-cues'] as const)
      expect(listMatches(text, list)).toEqual([]);
    expect([healthDetails(text), inspectionGrades(text), sneers(text)]).toEqual([[], [], []]);
  });

  test('PUB-2: each detector still finds what it finds when its cue is written as the shared pass folds it', () => {
    const health = 'Mrs Hale is recovering from her hip operation.';
    expect(healthDetails(health).map((h) => words(health, h.spans))).toEqual([['hip operation']]);
    const grade = 'The inspectors have just left: they told us we are outstanding!';
    expect(inspectionGrades(grade).map((h) => [words(grade, h.spans), h.early])).toEqual([
      [['inspectors', 'outstanding'], true],
    ]);
    const curly = 'Their PE teacher can’t count and the so-called referee was clueless.';
    expect(sneers(curly).map((h) => words(curly, h.spans))).toEqual([['can’t count', 'so-called', 'clueless']]);
  });

  test('PUB-2: a cue that only appears inside a web address still wakes the detector that reads it there', () => {
    // the shared pass leaves addresses out; the health expression reads "cancer" inside this one
    const text = 'She told us about it at https://example.org/cancer today.';
    expect(listMatches(text, 'health-cues')).toEqual([]);
    expect(healthDetails(text).map((h) => words(text, h.spans))).toEqual([['cancer']]);
  });

  test('PUB-2: a tripled letter after a cue still wakes the sneer detector (the pass reads it once)', () => {
    // "hopelesss" is no sneer itself, but its quick test let the sentence's "couldn't organize" through
    const text = 'The referee was hopelesss and couldn’t organize a thing.';
    expect(sneers(text).map((h) => words(text, h.spans))).toEqual([['couldn’t organize']]);
  });
});
