/**
 * PUB-2 post checks: quality on the labelled corpus (test/fixtures/posts), and speed on a trust-sized
 * roster. Issue 5 targets:
 * - 100% recall for pupils' full names and surnames and for never-publish pupils; ≥ 95% precision overall;
 * - checking a 5,000-character post with every rule against a 75,000-pupil roster: p99 ≤ 1 ms;
 * - name matching alone at least as fast as ONE V8 regular expression alternating the same name forms
 *   (ratio ≤ 1.0), both measured in this run on the same posts;
 * - building the matcher in under a third of that regular expression's compile (and first match) time.
 * The machine is shared and noisy: the ratios mean more than the milliseconds.
 *
 * Run alone: node --import tsx bench/checks.ts   (or: npm run bench checks, once listed in bench/run.ts)
 */
import { pathToFileURL } from 'node:url';
import { checkPost } from '../src/modules/publishing/checks/check.ts';
import { analyseNames, rawNameHits } from '../src/modules/publishing/checks/names/mentions.ts';
import { buildRosterMatcher, rosterFingerprint } from '../src/modules/publishing/checks/names/roster-matcher.ts';
import type { RosterPupil } from '../src/modules/publishing/checks/types.ts';
import { bigRoster, nameFormStrings } from '../test/fixtures/posts/big-roster.ts';
import { loadCorpus, loadRoster, loadSet, SCHOOL, type CorpusPost } from '../test/fixtures/posts/load.ts';
import {
  cleanBlockRate,
  cleanConfirmRate,
  precision,
  recall,
  scoreCorpus,
  type Score,
} from '../test/fixtures/posts/score.ts';
import type { BenchResult } from './import.ts';
import { seededRandom as random } from '../test/support/random.ts';

const POSTS = 100;
const POST_LENGTH = 5000;
const CHECKS = 3000;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number): number => Math.round(x * 1000) / 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

// ---------------------------------------------------------------- quality

function qualityFigures(label: string, score: Score, posts: number): BenchResult {
  const figures: Record<string, number | string> = { posts };
  for (const [rule, s] of [...score.rules.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    figures[`${rule}: recall / precision`] =
      `${pct(recall(s))} / ${pct(precision(s))}  (found ${s.tp}, false ${s.fp}, missed ${s.fn}; clean posts blocked ${pct(cleanBlockRate(s, score))}, to confirm ${pct(cleanConfirmRate(s, score))})`;
  }
  figures['all rules: recall / precision'] =
    `${pct(recall(score.total))} / ${pct(precision(score.total))}  (found ${score.total.tp}, false ${score.total.fp}, missed ${score.total.fn})`;
  figures[`clean posts (${score.cleanPosts}) blocked / to confirm (target blocked ≤ 2%)`] =
    `${pct(cleanBlockRate(score.total, score))} / ${pct(cleanConfirmRate(score.total, score))}`;
  figures['false alarms'] = score.falseAlarms.join('; ') || 'none';
  figures.misses = score.misses.join('; ') || 'none';
  return { name: `PUB-2 check quality, ${label}`, figures };
}

// ---------------------------------------------------------------- posts for timing

/**
 * Posts of 5,000 characters in the corpus's style. With `namesShare` > 0, that share of paragraphs
 * names pupils of the big roster (full names, surnames alone, first names with years), as the most
 * name-heavy newsletter would: a stress test, with about 50 findings a post.
 */
function timingPosts(corpus: CorpusPost[], pupils: RosterPupil[], namesShare: number): string[] {
  const next = random(2026);
  const texts = corpus.map((p) => p.post.text);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const named = (): string => {
    const p = pick(pupils);
    const first = p.preferredName ?? p.givenName;
    switch (Math.floor(next() * 6)) {
      case 0:
        return `Well done to ${first} ${p.familyName}, who was brilliant this week.`;
      case 1:
        return `Goals from ${p.familyName} and ${pick(pupils).familyName}.`;
      case 2:
        return `Star of the week: ${first} in Year ${p.yearGroup ?? 5}.`;
      case 3:
        return `Thank you to ${first} for helping at lunchtime.`;
      case 4:
        return `Reading champion: ${p.familyName}, ${first}.`;
      default:
        return `${first} and ${pick(pupils).givenName} read in assembly.`;
    }
  };
  const posts: string[] = [];
  for (let k = 0; k < POSTS; k++) {
    let text = '';
    while (text.length < POST_LENGTH) text += `${next() < namesShare ? named() : pick(texts)}\n\n`;
    posts.push(text.slice(0, POST_LENGTH));
  }
  return posts;
}

// ---------------------------------------------------------------- speed

/** The source of one V8 regular expression alternating every name form: escaped, longest first, on word boundaries. */
function regexSource(forms: string[]): string {
  const escapeForm = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `\\b(?:${[...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeForm)
    .join('|')})\\b`;
}

async function speed(corpus: CorpusPost[]): Promise<BenchResult[]> {
  const pupils = bigRoster();
  const posts = timingPosts(corpus, pupils, 0.3);
  const plainPosts = timingPosts(corpus, pupils, 0);

  const matcher = buildRosterMatcher(pupils);
  const ctx = { ...SCHOOL, roster: matcher, settings: { firstNamesOnly: true } };

  // every rule on the post, timed first: later steps (more builds, the regex) leave garbage that the
  // collector would otherwise clear in the middle of these timings; posts rotate, so nothing is served
  // from the last-text memo
  const timeChecks = (set: string[]) => {
    const times: number[] = [];
    let findings = 0;
    // warm up long enough for the collector to clear what building the matcher left behind
    for (let r = 0; r < 1000; r++) checkPost({ text: set[r % POSTS]! }, ctx);
    for (let r = 0; r < CHECKS; r++) {
      const post = set[r % POSTS]!;
      const t = performance.now();
      findings += checkPost({ text: post }, ctx).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { times, findings: Math.round((findings / CHECKS) * 10) / 10 };
  };
  const dense = timeChecks(posts);
  const plain = timeChecks(plainPosts);
  const checkTimes = dense.times;

  // building the matcher (median of three) against one regular expression's compile and first match
  const builds: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    buildRosterMatcher(pupils);
    builds.push(performance.now() - t);
  }
  builds.sort((a, b) => a - b);
  const fingerprintStart = performance.now();
  rosterFingerprint(pupils);
  const fingerprintMs = performance.now() - fingerprintStart;

  let forms: string[] | undefined = nameFormStrings(pupils);
  const formCount = forms.length;
  let source: string | undefined = regexSource(forms);
  forms = undefined;
  // V8 compiles a regular expression when it first runs: time the constructor and the first match
  const compileStart = performance.now();
  let regex: RegExp | undefined = new RegExp(source, 'gi');
  const firstMatches = posts[0]!.match(regex)?.length ?? 0;
  const compileMs = performance.now() - compileStart;
  source = undefined;

  // name matching alone: the automaton (tokenise + scan) and the regex, interleaved on the same posts
  for (let r = 0; r < 300; r++) {
    const post = posts[r % POSTS]!;
    post.match(regex!);
    rawNameHits(post, matcher);
  }
  const regexTimes: number[] = [];
  const acTimes: number[] = [];
  const namesTimes: number[] = [];
  let regexHits = 0;
  let acHits = 0;
  for (let r = 0; r < 1500; r++) {
    const post = posts[r % POSTS]!;
    let t = performance.now();
    regexHits += post.match(regex!)?.length ?? 0;
    regexTimes.push(performance.now() - t);
    t = performance.now();
    acHits += rawNameHits(post, matcher);
    acTimes.push(performance.now() - t);
    t = performance.now();
    analyseNames(post, matcher);
    namesTimes.push(performance.now() - t);
  }

  regex = undefined;

  // the automaton again in a block of its own: the huge regex's code no longer evicts its tables from the caches
  const acAloneTimes: number[] = [];
  for (let r = 0; r < 1500; r++) {
    const post = posts[r % POSTS]!;
    const t = performance.now();
    rawNameHits(post, matcher);
    acAloneTimes.push(performance.now() - t);
  }

  for (const list of [regexTimes, acTimes, namesTimes, acAloneTimes]) list.sort((a, b) => a - b);
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;

  return [
    {
      name: 'PUB-2 check speed: every rule, 5,000-character post, 75,000-pupil roster (target p99 ≤ 1 ms)',
      figures: {
        pupils: pupils.length,
        'posts (rotating)': POSTS,
        'checks per workload': CHECKS,
        'name-dense posts: findings per post (mean)': dense.findings,
        'name-dense posts: p50 ms': ms(percentile(checkTimes, 0.5)),
        'name-dense posts: p99 ms': ms(percentile(checkTimes, 0.99)),
        'name-dense posts: max ms': ms(checkTimes[checkTimes.length - 1]!),
        'corpus-style posts: findings per post (mean)': plain.findings,
        'corpus-style posts: p50 ms': ms(percentile(plain.times, 0.5)),
        'corpus-style posts: p99 ms': ms(percentile(plain.times, 0.99)),
      },
    },
    {
      name: 'PUB-2 name matching alone vs one V8 RegExp of the same name forms (target ratio ≤ 1.0)',
      figures: {
        'name forms in the regex': formCount,
        'automaton nodes': matcher.ac.nodeCount,
        'regex p50 ms per post': ms(percentile(regexTimes, 0.5)),
        'automaton (tokenise + scan) p50 ms, interleaved with the regex': ms(percentile(acTimes, 0.5)),
        'automaton p50 ms, in a block of its own': ms(percentile(acAloneTimes, 0.5)),
        'ratio automaton / regex (p50, interleaved)':
          Math.round((percentile(acTimes, 0.5) / percentile(regexTimes, 0.5)) * 1000) / 1000,
        'ratio automaton / regex (mean, interleaved)': Math.round((mean(acTimes) / mean(regexTimes)) * 1000) / 1000,
        'with context rules (names found as the checks use them) p50 ms': ms(percentile(namesTimes, 0.5)),
        'ratio with context rules / regex (p50)':
          Math.round((percentile(namesTimes, 0.5) / percentile(regexTimes, 0.5)) * 1000) / 1000,
        'matches per post: regex / automaton (the automaton also reports first names, classes, years, overlaps)': `${Math.round(regexHits / 1500)} / ${Math.round(acHits / 1500)}`,
      },
    },
    {
      name: 'PUB-2 matcher build vs that RegExp compile + first match (target < 1/3)',
      figures: {
        'matcher build ms (median of 3)': Math.round(builds[1]!),
        'regex compile + first match ms (source string built beforehand, not timed)': Math.round(compileMs),
        'ratio build / compile': Math.round((builds[1]! / compileMs) * 1000) / 1000,
        'regex matches in the first post': firstMatches,
        'rosterFingerprint ms (decides when to rebuild)': ms(fingerprintMs),
      },
    },
  ];
}

export async function benchChecks(): Promise<BenchResult[]> {
  const corpus = loadCorpus();
  const roster = buildRosterMatcher(loadRoster());
  const dev = corpus.filter((p) => p.file !== 'holdout.posts');
  const holdout = corpus.filter((p) => p.file === 'holdout.posts');
  const timings = await speed(corpus);
  const [wordNames, unseen] = [loadSet('word-names'), loadSet('unseen')];
  return [
    qualityFigures(`corpus (${dev.length} posts written before the engine)`, scoreCorpus(dev, roster), dev.length),
    qualityFigures(
      `held-out posts (${holdout.length}, written after the engine was tuned)`,
      scoreCorpus(holdout, roster),
      holdout.length,
    ),
    qualityFigures(
      `issue 16 ordinary-word roster, tuning (${wordNames.posts.length} posts)`,
      scoreCorpus(wordNames.posts, buildRosterMatcher(wordNames.roster), wordNames.school),
      wordNames.posts.length,
    ),
    qualityFigures(
      `issue 16 ordinary-word roster, HELD OUT, never tuned on (${unseen.posts.length} posts)`,
      scoreCorpus(unseen.posts, buildRosterMatcher(unseen.roster), unseen.school),
      unseen.posts.length,
    ),
    ...timings,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchChecks()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
}
