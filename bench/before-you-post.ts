/**
 * STF-1 "Before you post": the check of a 2,000-character personal post against a trust's roster
 * (75,000 pupils) and staff list (5,000), with the trust's 50 schools' names. Target: p99 ≤ 2 ms.
 * Baseline, measured in the same run on the same drafts: the official-post check (publishing's
 * checkPost, every rule) against the same roster: the ratio says what the personal check adds.
 * The machine is shared and noisy: the ratio means more than the milliseconds.
 *
 * Run alone: node --import tsx bench/before-you-post.ts   (or: npm run bench before-you-post)
 */
import { pathToFileURL } from 'node:url';
import { checkPost } from '../src/modules/publishing/checks/check.ts';
import { buildRosterMatcher } from '../src/modules/publishing/checks/names/roster-matcher.ts';
import {
  checkPersonalPost,
  schoolNameForms,
  schoolNamesLexicon,
  type PersonalCheckContext,
} from '../src/modules/personal-use/before-you-post/rules/check.ts';
import { staffAsRoster, surnamesOf } from '../src/modules/personal-use/before-you-post/context.ts';
import { bigRoster } from '../test/fixtures/posts/big-roster.ts';
import { seededRandom as random } from '../test/support/random.ts';
import type { BenchResult } from './import.ts';

const DRAFTS = 100;
const DRAFT_LENGTH = 2000;
const CHECKS = 3000;

const ms = (x: number): number => Math.round(x * 1000) / 1000;
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const PLAIN = [
  'What a week it has been.',
  'Finally got round to painting the fence at the weekend, and the dog helped (sort of).',
  'Anyone got recommendations for a good walking boot? Mine have finally given up.',
  'Lovely dinner with old friends tonight, we laughed until we cried.',
  'Half term cannot come soon enough, I am running on coffee.',
  'Reading a brilliant novel about a lighthouse keeper; highly recommend it.',
  'The garden is full of sparrows this morning.',
  'Marking on a Sunday again, but the tea is hot and the radio is good.',
];

function drafts(
  pupils: ReturnType<typeof bigRoster>,
  staff: ReturnType<typeof bigRoster>,
  schools: string[],
): string[] {
  const next = random(1101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const risky = (): string => {
    switch (Math.floor(next() * 7)) {
      case 0:
        return `So proud of ${pick(pupils).givenName} ${pick(pupils).familyName} today.`;
      case 1:
        return `Coffee with ${pick(staff).givenName} ${pick(staff).familyName} after work.`;
      case 2:
        return `Great day at ${pick(schools)}!`;
      case 3:
        return 'Exhausted after the Year 6 residential, but what a trip.';
      case 4:
        return 'At work we all think the government is wrong about funding.';
      case 5:
        return `Mrs ${pick(staff).familyName} was on fire in the staff room.`;
      default:
        return 'Another exclusion this week, I cannot say more.';
    }
  };
  const out: string[] = [];
  for (let i = 0; i < DRAFTS; i++) {
    let text = '';
    while (text.length < DRAFT_LENGTH) text += `${next() < 0.25 ? risky() : pick(PLAIN)} `;
    out.push(text.slice(0, DRAFT_LENGTH));
  }
  return out;
}

export async function benchBeforeYouPost(): Promise<BenchResult[]> {
  const pupils = bigRoster();
  const staffRoster = bigRoster(50, 100, 5_000).map((p, i) => ({
    id: `s${i}`,
    given_name: p.givenName,
    family_name: p.familyName,
  }));
  const schools = Array.from({ length: 50 }, (_, i) => ({
    name: `${['Kestrel', 'Alder', 'Willow', 'Heron', 'Oak'][i % 5]} ${['Hill', 'Brook', 'Green', 'Park', 'Vale', 'Fields', 'Lane', 'Rise', 'Cross', 'Mead'][Math.floor(i / 5)]} ${i % 3 === 0 ? 'Academy' : 'Primary School'}`,
    nicknames: i % 4 === 0 ? [`KH${i}`] : [],
  }));
  const pupilMatcher = buildRosterMatcher(pupils);
  const staffMatcher = buildRosterMatcher(staffAsRoster(staffRoster));
  const ctx: PersonalCheckContext = {
    pupils: pupilMatcher,
    staff: staffMatcher,
    self: new Set([0]),
    staffSurnames: surnamesOf(staffRoster),
    selfSurname: staffRoster[0]!.family_name.toLowerCase(),
    schoolNames: schoolNamesLexicon(schoolNameForms(schools)),
    today: new Date('2026-11-18T10:00:00Z'),
  };
  const texts = drafts(
    pupils,
    bigRoster(50, 100, 5_000),
    schools.map((s) => s.name),
  );
  const official = { roster: pupilMatcher, settings: { firstNamesOnly: true }, schoolDomains: [], today: ctx.today };

  // warm up both, then interleave on the same drafts so both see the same machine
  let findings = 0;
  for (let i = 0; i < 300; i++) {
    checkPersonalPost(texts[i % DRAFTS]!, ctx);
    checkPost({ text: texts[i % DRAFTS]! }, official);
  }
  const personal: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < CHECKS; i++) {
    // a new string each time: the checks memoise the last text, as a person typing would not repeat it
    const text = `${texts[i % DRAFTS]!.slice(0, DRAFT_LENGTH - 6)} ${String(i).padStart(5, '0')}`;
    let t = performance.now();
    findings += checkPersonalPost(text, ctx).length;
    personal.push(performance.now() - t);
    const text2 = `${text} `;
    t = performance.now();
    checkPost({ text: text2 }, official);
    baseline.push(performance.now() - t);
  }
  personal.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const p99 = percentile(personal, 0.99);
  const baseP99 = percentile(baseline, 0.99);
  return [
    {
      name: 'STF-1 before you post: 2,000-character drafts, 75,000 pupils, 5,000 staff, 50 schools',
      figures: {
        checks: CHECKS,
        'findings per draft (mean)': Math.round((findings / CHECKS) * 10) / 10,
        'personal check p50 / p99 (ms)': `${ms(percentile(personal, 0.5))} / ${ms(p99)}`,
        'target p99 ≤ 2 ms': p99 <= 2 ? 'met' : 'NOT met',
        'baseline: official-post check p50 / p99 (ms)': `${ms(percentile(baseline, 0.5))} / ${ms(baseP99)}`,
        'ratio personal / official at p99': Math.round((p99 / baseP99) * 100) / 100,
      },
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  for (const result of await benchBeforeYouPost()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
