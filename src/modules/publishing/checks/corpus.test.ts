/**
 * PUB-2 quality targets on the labelled corpus (test/fixtures/posts, see its README): 100% recall for
 * pupils' full names and surnames and for never-publish pupils, at least 95% precision overall. The
 * corpus was written before the engine; the held-out posts after it was tuned (see the README).
 */
import { describe, expect, test } from 'vitest';
import { loadCorpus, loadRoster } from '../../../../test/fixtures/posts/load.ts';
import { precision, recall, scoreCorpus, scoreTable } from '../../../../test/fixtures/posts/score.ts';
import { buildRosterMatcher } from './names/roster-matcher.ts';

const corpus = loadCorpus();
const roster = buildRosterMatcher(loadRoster());

describe('the labelled corpus', () => {
  test('PUB-2: it has at least 300 posts, every kind of finding, and labels that point at real words and pupils', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const rules = new Set(corpus.flatMap((p) => p.expected.map((e) => e.rule)));
    expect([...rules].sort()).toEqual(['attribution', 'confidential', 'contact-details', 'identifying-details', 'never-publish', 'offensive', 'photo-consent', 'political', 'pupil-surname']);
    expect(corpus.filter((p) => p.expected.length === 0).length).toBeGreaterThan(150);
    for (const post of corpus) {
      for (const e of post.expected) {
        if (e.words !== undefined) {
          const source = e.where === 'alt' ? post.post.images?.[e.image ?? 0]?.altText ?? '' : post.post.text;
          expect(source.includes(e.words), `${post.id}: "${e.words}"`).toBe(true);
        }
        if (e.pupilId) expect(roster.indexOf(e.pupilId), `${post.id}: ${e.pupilId}`).toBeDefined();
      }
      for (const image of post.post.images ?? []) for (const id of image.taggedPupilIds) expect(roster.indexOf(id), `${post.id}: ${id}`).toBeDefined();
    }
  });

  for (const [label, posts] of [
    ['corpus', corpus.filter((p) => p.file !== 'holdout.posts')],
    ['held-out posts', corpus.filter((p) => p.file === 'holdout.posts')],
  ] as const) {
    test(`PUB-2: ${label}: 100% recall for surnames and never-publish pupils, ≥ 95% precision overall`, () => {
      const score = scoreCorpus(posts, roster);
      console.log(`\n${label} (${posts.length} posts)\n${scoreTable(score)}\nfalse alarms: ${score.falseAlarms.join('; ') || 'none'}\nmisses: ${score.misses.join('; ') || 'none'}`);
      expect(recall(score.rules.get('pupil-surname')!), score.misses.join('\n')).toBe(1);
      expect(recall(score.rules.get('never-publish')!), score.misses.join('\n')).toBe(1);
      expect(precision(score.total), score.falseAlarms.join('\n')).toBeGreaterThanOrEqual(0.95);
    });
  }
});
