/**
 * STF-1 "Before you post": what the policy would worry about in a draft of a personal post. Pure: the
 * roster and staff matchers, the school names and the clock come in; nothing is kept.
 *
 * Reuses the publishing checks' roster matcher (names in every form), their confidential-matters and
 * contact-details rules and their opinion cues, and adds: the trust's schools' names and nicknames, a
 * colleague by name, a school event or trip, and a view that could be read as the school's (suggesting
 * a disclaimer). A pupil is named only as "a pupil at your school": never their class, year, consent or
 * never-publish status, which the writer may not know and must not learn here.
 */
import {
  analyseNames,
  confidential,
  contactDetails,
  Lexicon,
  listMatches,
  parseTerms,
  quote,
  streamOf,
  type CheckContext,
  type LexiconMatch,
  type RosterMatcher,
  type Span,
} from '../../../publishing/checks/index.ts';
import { NAME_SUFFIX, SCHOOL_EVENTS, TITLED, WORK_REFERENCES } from './words.ts';

export type PersonalRule =
  | 'school-name'
  | 'pupil'
  | 'colleague'
  | 'school-event'
  | 'confidential'
  | 'contact-details'
  | 'opinion';

export interface PersonalFinding {
  rule: PersonalRule;
  /** The policy clause behind it, by stable key (see policies/citations.ts). */
  clauseKey: string;
  message: string;
  spans: Span[];
}

/** The clause each finding cites. */
export const PERSONAL_CLAUSE_OF: Readonly<Record<PersonalRule, string>> = {
  'school-name': 'personal-use.branding',
  pupil: 'prohibited.confidential',
  colleague: 'prohibited.reputation',
  'school-event': 'images.official-channels',
  confidential: 'prohibited.confidential',
  'contact-details': 'privacy.personal-details',
  opinion: 'personal-use.own-behalf',
};

export const DISCLAIMER = 'Views are my own, not my employer’s.';

export interface PersonalCheckContext {
  /** The pupils of the writer's school, on roll or left and under 18 (publishing's cached matcher). */
  pupils: RosterMatcher;
  /** The trust's staff, as a matcher over their names (see staffMatcher). */
  staff: RosterMatcher;
  /** Matcher indexes of the writer in `staff`: naming yourself is fine. */
  self?: ReadonlySet<number>;
  /** The staff's surnames, lower case, with how many people have each (for "Mrs Patel"). */
  staffSurnames: ReadonlyMap<string, number>;
  /** The writer's own surname, lower case. */
  selfSurname?: string;
  /** The trust's schools' names and nicknames, compiled once (see schoolNames). */
  schoolNames: Lexicon;
  /** The school's own confidential words, if any. */
  extraConfidentialTerms?: readonly string[];
  today: Date;
}

const events = new Lexicon(parseTerms(SCHOOL_EVENTS, 'advisory', 'events'), true);
const workRefs = new Lexicon(parseTerms(WORK_REFERENCES, 'advisory', 'work'), true);

/** Every way a school is commonly written: its name, its name without "Primary School" and the like, its nicknames. */
export function schoolNameForms(schools: readonly { name: string; nicknames: readonly string[] }[]): string[] {
  const forms = new Set<string>();
  const clean = (s: string) =>
    s
      .replace(/[#!?+]/g, ' ')
      .replace(/^-+|-+$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  for (const s of schools) {
    const name = clean(s.name);
    if (name) forms.add(name);
    const short = name.replace(NAME_SUFFIX, '').trim();
    // "St Mary’s" alone is still the school; a one-letter remainder is not worth matching
    if (short.length >= 4 && short !== name) forms.add(short);
    for (const n of s.nicknames) {
      const nick = clean(n);
      if (nick.length >= 2) forms.add(nick);
    }
  }
  return [...forms];
}

export function schoolNamesLexicon(forms: readonly string[]): Lexicon {
  return new Lexicon(parseTerms(forms, 'advisory', 'school'), true);
}

export function checkPersonalPost(text: string, ctx: PersonalCheckContext): PersonalFinding[] {
  if (!text.trim()) return [];
  const out: PersonalFinding[] = [];
  const add = (rule: PersonalRule, message: string, spans: Span[]) =>
    out.push({ rule, clauseKey: PERSONAL_CLAUSE_OF[rule], message, spans });

  // every word list reads the one folded stream of the text that the publishing checks also use
  const stream = streamOf(text);
  const schoolHits = ctx.schoolNames.match(stream);
  for (const hit of mergeSame(schoolHits))
    add(
      'school-name',
      `${quote(text, hit.span)} names the school. Avoid naming the school in personal posts: people may read what you say as the school’s.`,
      [hit.span],
    );

  // Names: the pupil matches are read in full before the staff matcher runs (analyseNames reuses its arrays).
  const pupilSpans: Span[] = [];
  for (const m of analyseNames(text, ctx.pupils).mentions) {
    const counts = m.kind === 'full' || m.kind === 'first-initial' || (m.kind === 'surname' && m.childContext);
    if (counts) pupilSpans.push({ start: m.start, end: m.end });
  }
  for (const span of pupilSpans)
    add(
      'pupil',
      `${quote(text, span)} may name a pupil at your school, or a former pupil who is still under 18. Do not name or describe pupils on personal accounts, even kindly.`,
      [span],
    );

  const colleagueSpans: Span[] = [];
  const overlapsAny = (span: Span, spans: readonly Span[]) =>
    spans.some((p) => p.start < span.end && span.start < p.end);
  for (const m of analyseNames(text, ctx.staff).mentions) {
    if (m.kind !== 'full') continue;
    if (ctx.self && m.pupils.length > 0 && m.pupils.every((p) => ctx.self!.has(p))) continue;
    const span = { start: m.start, end: m.end };
    if (!overlapsAny(span, pupilSpans)) colleagueSpans.push(span);
  }
  // "Mrs Patel": the name finder reads a title as excusing a surname (it is how posts name adults), so titles are looked for here
  for (const t of text.matchAll(TITLED)) {
    const surname = t[2]!.toLowerCase().replace(/[’']s$/, '');
    const count = ctx.staffSurnames.get(surname) ?? 0;
    if (count === 0 || (count === 1 && surname === ctx.selfSurname)) continue;
    const span = { start: t.index!, end: t.index! + t[0].length };
    if (!overlapsAny(span, colleagueSpans) && !overlapsAny(span, pupilSpans)) colleagueSpans.push(span);
  }
  colleagueSpans.sort((a, b) => a.start - b.start);
  for (const span of colleagueSpans)
    add(
      'colleague',
      `${quote(text, span)} may name a colleague. Do not post about colleagues without their agreement, and never criticise one online.`,
      [span],
    );

  for (const hit of mergeSame(events.match(streamOf(text))))
    add(
      'school-event',
      `${quote(text, hit.span)} sounds like a school event or trip. Leave it to the school’s official accounts, and never share photos of pupils from it.`,
      [hit.span],
    );

  const fake = { extraConfidentialTerms: ctx.extraConfidentialTerms, schoolDomains: [], today: ctx.today };
  for (const f of confidential({ text }, fake as unknown as CheckContext))
    add(
      'confidential',
      'This looks like a confidential matter: about a pupil, a colleague, a complaint, an inspection or a plan not yet announced. Keep it off social media.',
      f.spans,
    );
  for (const f of contactDetails({ text }, fake as unknown as CheckContext))
    add(
      'contact-details',
      `${quote(text, f.spans[0]!)} is a phone number or email address. Keep your own and other people’s contact details off social media.`,
      f.spans,
    );

  // A view, and something tying the post to the school: it could be read as the school's view.
  const cues = listMatches(text, 'political-cues');
  const topics = listMatches(text, 'political-topics');
  const tiedToWork = schoolHits.length > 0 || workRefs.match(streamOf(text)).length > 0;
  if (tiedToWork && (cues.length > 0 || topics.length > 0)) {
    const spans = [...cues, ...topics].map((m) => m.span).sort((a, b) => a.start - b.start);
    add(
      'opinion',
      `This gives a view in a post that is tied to your work, so it could be read as the school’s. If you post it, say the view is yours: for example “${DISCLAIMER}”, in the post or your profile.`,
      spans.slice(0, 4),
    );
  }
  return out.sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
}

/** One finding per place a word list matched (two overlapping terms highlight once). */
function mergeSame(matches: readonly LexiconMatch[]): LexiconMatch[] {
  const out: LexiconMatch[] = [];
  for (const m of [...matches].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)) {
    const last = out.at(-1);
    if (last && m.span.start < last.span.end) continue;
    out.push(m);
  }
  return out;
}

/**
 * Forgets the last draft: the publishing checks keep the last text they saw (to serve every rule from
 * one pass), so after a personal check they are given an empty one and hold nothing of the draft.
 */
export function forgetLastText(ctx: Pick<PersonalCheckContext, 'pupils' | 'staff'>): void {
  analyseNames('', ctx.pupils);
  analyseNames('', ctx.staff);
  listMatches('', 'political-cues');
}
