/**
 * PUB-2 quality targets on the labelled corpora (test/fixtures/posts, see its README).
 *
 * Tuning sets (the Kestrel Hill corpus with its old held-out posts, and the ordinary-word roster of
 * issue 16): 100% recall for pupils' full names, surnames alone about children and never-publish
 * pupils; at most 2% of clean posts given a blocking finding; ≥ 95% precision overall; and, on the
 * issue 16 set, every home address, health detail, early inspection grade and sneer found.
 *
 * The issue 16 held-out set (`unseen/`) is not tuned on: its figures are printed, not asserted, so
 * that nobody is tempted to tune until they pass (see unseen/README.md).
 */
import { describe, expect, test } from 'vitest';
import {
  loadCorpus,
  loadRoster,
  loadSet,
  SCHOOL,
  type CorpusPost,
  type School,
} from '../../../../test/fixtures/posts/load.ts';
import {
  cleanBlockRate,
  precision,
  recall,
  scoreCorpus,
  scoreTable,
  type Score,
} from '../../../../test/fixtures/posts/score.ts';
import { buildRosterMatcher, type RosterMatcher } from './names/roster-matcher.ts';
import type { RosterPupil } from './types.ts';

const corpus = loadCorpus();
const kestrel = buildRosterMatcher(loadRoster());
const wordNames = loadSet('word-names');
const unseen = loadSet('unseen');

function expectValidLabels(posts: CorpusPost[], roster: RosterMatcher) {
  for (const post of posts) {
    for (const e of post.expected) {
      if (e.words !== undefined) {
        const source = e.where === 'alt' ? (post.post.images?.[e.image ?? 0]?.altText ?? '') : post.post.text;
        expect(source.includes(e.words), `${post.id}: "${e.words}"`).toBe(true);
      }
      if (e.pupilId) expect(roster.indexOf(e.pupilId), `${post.id}: ${e.pupilId}`).toBeDefined();
    }
    for (const image of post.post.images ?? [])
      for (const id of image.taggedPupilIds) expect(roster.indexOf(id), `${post.id}: ${id}`).toBeDefined();
  }
}

const report = (label: string, posts: number, score: Score) =>
  console.log(
    `\n${label} (${posts} posts)\n${scoreTable(score)}\nfalse alarms: ${score.falseAlarms.join('; ') || 'none'}\nmisses: ${score.misses.join('; ') || 'none'}\nclean posts blocked: ${score.cleanBlocks.join('; ') || 'none'}`,
  );

function expectTargets(score: Score) {
  expect(recall(score.rules.get('pupil-surname')!), score.misses.join('\n')).toBe(1);
  expect(recall(score.rules.get('never-publish')!), score.misses.join('\n')).toBe(1);
  expect(cleanBlockRate(score.total, score), score.cleanBlocks.join('\n')).toBeLessThanOrEqual(0.02);
  expect(precision(score.total), score.falseAlarms.join('\n')).toBeGreaterThanOrEqual(0.95);
}

describe('the labelled corpora', () => {
  test('PUB-2: the Kestrel Hill corpus has at least 300 posts, every kind of finding, and labels that point at real words and pupils', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const rules = new Set(corpus.flatMap((p) => p.expected.map((e) => e.rule)));
    expect([...rules].sort()).toEqual([
      'attribution',
      'confidential',
      'contact-details',
      'identifying-details',
      'never-publish',
      'offensive',
      'photo-consent',
      'political',
      'pupil-surname',
    ]);
    expect(corpus.filter((p) => p.expected.length === 0).length).toBeGreaterThan(150);
    expectValidLabels(corpus, kestrel);
  });

  test('Issue 16: the ordinary-word sets: a tuning set and a held-out set of at least 200 posts, mostly clean, with labels that point at real words and pupils', () => {
    for (const set of [wordNames, unseen]) expectValidLabels(set.posts, buildRosterMatcher(set.roster));
    expect(unseen.posts.length).toBeGreaterThanOrEqual(200);
    expect(unseen.posts.filter((p) => p.expected.length === 0).length * 2).toBeGreaterThan(unseen.posts.length);
    const ids = [...corpus, ...wordNames.posts, ...unseen.posts].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const [label, posts] of [
    ['Kestrel Hill corpus', corpus.filter((p) => p.file !== 'holdout.posts')],
    ['Kestrel Hill held-out posts (tuned on since)', corpus.filter((p) => p.file === 'holdout.posts')],
  ] as const) {
    test(`PUB-2, issue 16: ${label}: 100% recall for full names, surnames about children and never-publish pupils, ≤ 2% of clean posts blocked, ≥ 95% precision`, () => {
      const score = scoreCorpus(posts, kestrel, SCHOOL);
      report(label, posts.length, score);
      expectTargets(score);
    });
  }

  test('Issue 16: ordinary-word roster (tuning): the same targets, and every address, health detail, early inspection grade and sneer found', () => {
    const score = scoreCorpus(wordNames.posts, buildRosterMatcher(wordNames.roster), wordNames.school);
    report('ordinary-word roster, tuning', wordNames.posts.length, score);
    expectTargets(score);
    expect(recall(score.rules.get('confidential')!), score.misses.join('\n')).toBe(1);
    expect(recall(score.rules.get('offensive')!), score.misses.join('\n')).toBe(1);
    expect(
      score.misses.filter((m) => m.includes('identifying-details') && /"[^"]*\d[^"]*"/.test(m)),
      'addresses and dates',
    ).toEqual([]);
  });

  test('Issue 16: ordinary-word roster, held out: scored and reported, never tuned on', () => {
    const score = scoreCorpus(
      unseen.posts,
      buildRosterMatcher(unseen.roster as RosterPupil[]),
      unseen.school as School,
    );
    report('ordinary-word roster, HELD OUT', unseen.posts.length, score);
    expect(score.total.tp + score.total.fn).toBe(unseen.posts.reduce((n, p) => n + p.expected.length, 0));
  });
});
