/**
 * Settings proposed from the text of a school's own policy (POL-7), each with the sentence it came
 * from. Every rule reads one sentence (with its section's title for context) and says what it
 * states, or nothing; the first sentence in the document that states a setting wins, and later
 * ones that state something else are kept as alternatives for the person to see (policies offer
 * "X. Or: Y." for the school to choose). Only English wording is recognised: a policy in another
 * language gets no proposals rather than wrong ones. Pure: no I/O.
 */
import type { Role } from '../../../../platform/auth/permissions.ts';
import { DATE_PATTERN, isoDate } from './dates.ts';
import type { Sentence } from './sentences.ts';

/** What can be proposed: the policy's settings, and the facts a version records. */
export type ProposalKey =
  | 'headTitle'
  | 'personalUseAtWork'
  | 'businessUse'
  | 'businessUseApprover'
  | 'postApprovers'
  | 'responseDeadlineHours'
  | 'weekendNextWorkingDay'
  | 'accountCheckIntervalHours'
  | 'minimumOperators'
  | 'operatorTrainingRequired'
  | 'pupilContactAgeLimit'
  | 'firstNamesOnly'
  | 'takedownTargetHours'
  | 'reviewCycleMonths'
  | 'tradeUnionsConsulted'
  | 'signingStatement'
  | 'requiresSignedStatement'
  | 'approvedBy'
  | 'approvedOn'
  | 'reviewDue'
  | 'roles';

export type ProposedValue = string | number | boolean | string[];

export interface Proposal {
  key: ProposalKey;
  value: ProposedValue;
  /** The sentence that states it, exactly as in the document. */
  sentence: string;
  section: number;
  clause: number;
  /** Other values later sentences state (a document offering alternatives). */
  alternatives: { value: ProposedValue; sentence: string }[];
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  eighteen: 18,
  'twenty-four': 24,
  'twenty four': 24,
  'forty-eight': 48,
  'forty eight': 48,
  'seventy-two': 72,
};
const NUM = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const toNumber = (word: string): number => NUMBER_WORDS[word.toLowerCase()] ?? Number(word);

/** "within 24 hours", "within two working days", "within 1 day" as hours; undefined if none. */
function withinHours(text: string): number | undefined {
  const m = new RegExp(
    `\\bwithin\\s+(?:a\\s+maximum\\s+of\\s+|the\\s+)?${NUM}\\s+(working\\s+|school\\s+)?(hours?|days?)\\b`,
    'i',
  ).exec(text);
  if (!m) return /\bwithin\s+(a|one)\s+(working\s+|school\s+)?day\b/i.test(text) ? 24 : undefined;
  const n = toNumber(m[1]!);
  return /^day/i.test(m[3]!) ? n * 24 : n;
}

const HEAD_TITLES: [string, RegExp][] = [
  ['Head of School', /\bhead of school\b/gi],
  ['Executive Headteacher', /\bexecutive head ?teacher\b/gi],
  ['Principal', /\b(?:the |our |school )?Principal\b(?! (?:aim|purpose|reason|means|objective))/g],
  ['Headteacher', /\b(?<!executive |acting )head ?teacher\b/gi],
];
const SLT = /\b(senior leadership team|senior management team|school leadership team|SLT|SMT|senior leaders?)\b/i;
const HEAD = /\b(head ?teacher|head of school|principal|executive head)\b/i;
const LINE_MANAGER = /\b(line manager|(their|your|his or her|the employee'?s) manager)\b/i;
const BUSINESS =
  /\bon behalf of the (school|trust|academy)|business (purposes|case|use)|school('s)?(\/trust)?('s)? (official )?(social media )?(sites?|accounts?|pages?|channels?)\b|official (school )?(social media )?(accounts?|channels?)|speak(ing)? (for|on behalf)/i;
const APPROVAL =
  /\b(approv\w*|permission|authori[sz]\w*|agreed|requested by|business case|editorial responsibility|sign(ed)?[ -]off)\b/i;
const PERSONAL =
  /\b(personal (use|reasons|purposes)|for personal use|private social media|personal social media use)\b/i;
const WORK_TIME =
  /\b(working hours|work ?time|at work|during work|school hours|lesson time|lessons|in school|on school (devices|computers|equipment))\b/i;
const FORBIDDEN =
  /\b(not permitted|never permitted|not allowed|prohibited|forbidden|must not|may not|will not be permitted)\b/i;

type Rule = (s: Sentence) => { key: ProposalKey; value: ProposedValue }[];

const rules: Rule[] = [
  // Personal use at work: never, in a designated place, or occasionally (a ban on lessons only).
  (s) => {
    const t = s.text;
    if (
      !(
        PERSONAL.test(t) ||
        /\bprivate social media sites\b/i.test(t) ||
        (/social media/i.test(t) && /lesson time|during lessons/i.test(t))
      )
    )
      return [];
    if (/designated (place|area|room|space)/i.test(t) && /\b(permitted|allowed|may)\b/i.test(t))
      return [{ key: 'personalUseAtWork', value: 'designated-place' }];
    if (
      /\b(occasional|reasonable (and appropriate )?(access|personal use|use)|in moderation|limited personal use)\b/i.test(
        t,
      ) &&
      !/\bnever\b/i.test(t)
    )
      return [{ key: 'personalUseAtWork', value: 'occasional' }];
    if (
      FORBIDDEN.test(t) &&
      /\b(lesson time|during lessons|in lessons)\b/i.test(t) &&
      !/working hours|work ?time/i.test(t)
    )
      return [{ key: 'personalUseAtWork', value: 'occasional' }];
    if (FORBIDDEN.test(t) && WORK_TIME.test(t)) return [{ key: 'personalUseAtWork', value: 'never' }];
    return [];
  },
  // Business use: not permitted at all, or permitted with someone's approval (and whose).
  (s) => {
    const t = s.text;
    if (
      /\b(business purposes|on behalf of the school|for school business)\b[^.]{0,60}\bnot (be )?permitted\b/i.test(t) ||
      /\bno one may use social media on\b/i.test(t) ||
      /\b(must|should) not (identify|present|describe) themselves as (a )?representatives? of the (school|trust)\b/i.test(
        t,
      )
    )
      return [{ key: 'businessUse', value: 'not-permitted' }];
    const context = BUSINESS.test(t) || BUSINESS.test(s.sectionTitle);
    if (!context || !APPROVAL.test(t) || (/\bmay require\b[^.]*\bapproval\b/i.test(t) && !/\bseek approval\b/i.test(t)))
      return [];
    const approver = LINE_MANAGER.test(t) ? 'line-manager' : SLT.test(t) ? 'slt' : HEAD.test(t) ? 'head' : undefined;
    if (!approver) return [];
    const out: { key: ProposalKey; value: ProposedValue }[] = [
      { key: 'businessUse', value: 'with-approval' },
      { key: 'businessUseApprover', value: approver },
    ];
    if (approver === 'head' && /editorial|approv\w* (all )?(posts|content)|sign(s|ed)? off/i.test(t))
      out.push({
        key: 'postApprovers',
        value: /\bor (a |their |his or her )?(nominee|delegate|deputy|someone (they|he or she) nominates?)\b/i.test(t)
          ? 'head-and-nominees'
          : 'head',
      });
    return out;
  },
  // Replies to comments and messages on the school's accounts.
  (s) => {
    const t = s.text;
    if (
      !/\b(respond\w*|repl(y|ies|ied)|answer\w*|acknowledg\w*)\b/i.test(t) ||
      /\b(remov|taken down|take down|amended)\w*/i.test(t)
    )
      return [];
    const hours = withinHours(t);
    const out: { key: ProposalKey; value: ProposedValue }[] = [];
    if (hours !== undefined) out.push({ key: 'responseDeadlineHours', value: hours });
    if (
      /\b(next|following) (working|school|business) day\b/i.test(t) ||
      /\bweekends?\b[^.]{0,40}\b(monday|next)\b/i.test(t)
    )
      out.push({ key: 'weekendNextWorkingDay', value: true });
    else if (hours !== undefined && /\bincluding (at )?weekends\b|\b7 days a week\b/i.test(t))
      out.push({ key: 'weekendNextWorkingDay', value: false });
    return out;
  },
  // How often the school's accounts are checked.
  (s) => {
    const t = s.text;
    if (
      !/\b(monitor\w*|check\w*)\b/i.test(t) ||
      !/\baccounts?\b|\bpages?\b/i.test(t) ||
      /\bprivacy settings\b/i.test(t)
    )
      return [];
    const every = new RegExp(`\\bevery\\s+${NUM}\\s+hours\\b`, 'i').exec(t);
    const hours = every
      ? toNumber(every[1]!)
      : /\btwice (a|per|each) day\b/i.test(t)
        ? 12
        : /\b(daily|every day|each day|once a day|at least once a day|7 days a week|seven days a week)\b/i.test(t)
          ? 24
          : /\b(weekly|once a week|every week)\b/i.test(t)
            ? 168
            : undefined;
    return hours === undefined ? [] : [{ key: 'accountCheckIntervalHours', value: hours }];
  },
  // The smallest number of people who run an account; and their training.
  (s) => {
    const t = s.text;
    const out: { key: ProposalKey; value: ProposedValue }[] = [];
    const m = new RegExp(
      `\\b(?:at least|a minimum of|minimum of|no fewer than|no less than)\\s+${NUM}\\s+(?:named\\s+)?(?:members of staff|staff members|staff|people|adults|administrators|operators|moderators|colleagues)\\b`,
      'i',
    ).exec(t);
    if (m && /\b(account|run|manage|administ)/i.test(t + s.sectionTitle))
      out.push({ key: 'minimumOperators', value: toNumber(m[1]!) });
    if (
      /\b(received|receive|complete[ds]?|undergone|undertaken|attended)\b[^.]{0,40}\btraining\b/i.test(t) &&
      /\baccount\b/i.test(t) &&
      !/\bmay require\b/i.test(t)
    )
      out.push({ key: 'operatorTrainingRequired', value: true });
    return out;
  },
  // Friend and follow requests from pupils and former pupils under an age.
  (s) => {
    const t = s.text;
    if (!/\b(pupils?|students?|learners?|children)\b/i.test(t)) return [];
    if (!/\b(friend|follow|contact|social (media|network)|connect)/i.test(t)) return [];
    const m =
      /\bunder\s+(?:the\s+age\s+of\s+)?(\d{2})\b|\baged\s+(?:under|below)\s+(\d{2})\b|\bbelow\s+the\s+age\s+of\s+(\d{2})\b/i.exec(
        t,
      );
    return m ? [{ key: 'pupilContactAgeLimit', value: Number(m[1] ?? m[2] ?? m[3]) }] : [];
  },
  // Only pupils' first names in what the school publishes.
  (s) => {
    const t = s.text;
    if (
      /\bonly (the )?first names?\b|\bfirst names? only\b/i.test(t) &&
      /\b(pupils?|children|students?|used|published|online)\b/i.test(t)
    )
      return [{ key: 'firstNamesOnly', value: true }];
    if (
      /\b(never|not|no)\b[^.]{0,40}\b(surnames?|full names?|last names?)\b/i.test(t) &&
      /\b(pupils?|children|students?)\b/i.test(t) &&
      /\b(publish|post|use|caption|online)\w*/i.test(t)
    )
      return [{ key: 'firstNamesOnly', value: true }];
    return [];
  },
  // How soon harmful material is to be taken down.
  (s) => {
    const t = s.text;
    if (!/\b(remov\w*|taken down|take (it )?down|takedown|amended or removed)\b/i.test(t)) return [];
    const hours = withinHours(t);
    return hours === undefined ? [] : [{ key: 'takedownTargetHours', value: hours }];
  },
  // How often the policy is reviewed.
  (s) => {
    const t = s.text;
    if (!/\breview\w*\b/i.test(t)) return [];
    if (/\bprivacy\b|\bsettings\b/i.test(t)) return [];
    const years = new RegExp(`\\bevery\\s+${NUM}\\s+years?\\b`, 'i').exec(t);
    const months = new RegExp(`\\bevery\\s+${NUM}\\s+months\\b`, 'i').exec(t);
    const value = years
      ? toNumber(years[1]!) * 12
      : months
        ? toNumber(months[1]!)
        : /\b(annual(ly)?|annual basis|every year|each year|yearly|once a year)\b/i.test(t)
          ? 12
          : /\b(biennial(ly)?|every other year)\b/i.test(t)
            ? 24
            : /\b(triennial(ly)?)\b/i.test(t)
              ? 36
              : undefined;
    return value === undefined ? [] : [{ key: 'reviewCycleMonths', value }];
  },
  (s) =>
    /\btrade unions?\b[^.]{0,60}\bconsult|\bconsult\w*\b[^.]{0,60}\b(trade )?unions\b/i.test(s.text)
      ? [{ key: 'tradeUnionsConsulted', value: true }]
      : [],
  // A signed statement of acceptance.
  (s) => {
    const t = s.text;
    const signs =
      /\bsign\w*\b[^.]{0,80}\b(statement|declaration|agreement|acknowledg\w*|acceptance)\b|\bstatement of acceptance\b|\bread and sign\b/i.test(
        t,
      );
    if (!signs || !/\b(must|required|are to|will|need to|should)\b/i.test(t)) return [];
    const out: { key: ProposalKey; value: ProposedValue }[] = [{ key: 'requiresSignedStatement', value: true }];
    const named = /terms and conditions of (?:the |this )?([a-z ]*polic(?:y|ies))/i.exec(t);
    if (named)
      out.push({
        key: 'signingStatement',
        value: `I have read the ${named[1]!.toLowerCase()}, and I accept its terms and conditions.`,
      });
    return out;
  },
  // Who approves the policy, and when; when it is next due for review.
  (s) => {
    const t = s.text;
    const out: { key: ProposalKey; value: ProposedValue }[] = [];
    const body =
      /\b(?:approved|adopted|ratified|agreed|reviewed(?: in full)?)\b[^.]{0,30}\b(?:by|on behalf of)\s+(?:the\s+)?(?:full\s+)?(governing body|board of governors|local governing body|governors|trust board|board of trustees|trustees|board of directors)\b/i.exec(
        t,
      );
    if (body) out.push({ key: 'approvedBy', value: approverName(body[1]!) });
    const due = new RegExp(
      `\\b(?:due for review|next review(?: date)?|review(?:ed)? (?:due|by)|revision due|review date|to be reviewed)\\b[^.]{0,20}?${DATE_PATTERN.source}`,
      'i',
    ).exec(t);
    const dueOn = due && isoDate(due[1]!);
    if (dueOn) out.push({ key: 'reviewDue', value: dueOn });
    const approved = new RegExp(
      `\\b(?:approved|adopted|ratified|last reviewed)\\b[^.]{0,60}?(?:on|:|in)\\s*${DATE_PATTERN.source}`,
      'i',
    ).exec(t);
    const approvedOn = approved && isoDate(approved[1]!);
    if (approvedOn) out.push({ key: 'approvedOn', value: approvedOn });
    else {
      const before = new RegExp(
        `${DATE_PATTERN.source}\\b[^.]{0,60}\\b(?:policy )?(?:reviewed|approved|adopted)\\b`,
        'i',
      ).exec(t);
      const on = before && isoDate(before[1]!);
      if (on) out.push({ key: 'approvedOn', value: on });
    }
    return out;
  },
];

function approverName(found: string): string {
  const f = found.toLowerCase();
  if (f.includes('trust board')) return 'Trust board';
  if (f.includes('trustees')) return 'Board of trustees';
  if (f.includes('directors')) return 'Board of directors';
  if (f.includes('local governing')) return 'Local governing body';
  return 'Governing body';
}

const ROLE_PATTERNS: [Role, RegExp][] = [
  ['headteacher', /\b(head ?teachers?|head of school|principal|executive head)\b/i],
  ['slt', SLT],
  ['dsl', /\b(designated safeguarding (lead|officer|person)|DSL|lead safeguarding officer|safeguarding lead)\b/i],
  ['deputy_dsl', /\bdeputy (designated )?safeguarding lead\b|\bdeputy DSL\b/i],
  ['account_admin', /\baccount administrators?\b/i],
  ['line_manager', /\bline managers?\b|\bmanagers\b|\btheir manager\b/i],
  ['hr', /\bhuman resources\b|\bHR\b/],
  ['chair_of_governors', /\bchair of (the )?governors\b/i],
  ['governor', /\bgovernors?\b|\bgoverning body\b/i],
  ['staff', /\b(staff|employees?)\b/i],
];

/** Proposals from the document's sentences: one per setting (the first to state it), with alternatives. */
export function proposeSettings(sentences: Sentence[]): Proposal[] {
  if (!looksEnglish(sentences)) return [];
  const found = new Map<ProposalKey, Proposal>();
  const add = (key: ProposalKey, value: ProposedValue, s: Sentence): void => {
    const existing = found.get(key);
    if (!existing) {
      found.set(key, { key, value, sentence: s.text, section: s.section, clause: s.clause, alternatives: [] });
      return;
    }
    if (existing.value !== value && !existing.alternatives.some((a) => a.value === value))
      existing.alternatives.push({ value, sentence: s.text });
  };
  for (const s of sentences) {
    if (s.clause < 0 && !/\d/.test(s.text)) continue; // a heading states nothing, unless it carries a date
    for (const rule of rules) for (const { key, value } of rule(s)) add(key, value, s);
  }
  const head = headTitleOf(sentences);
  if (head) found.set('headTitle', head);
  const roles = rolesOf(sentences);
  if (roles) found.set('roles', roles);
  return [...found.values()];
}

/** The head's title: the one the document uses most (ties go to the first used). */
function headTitleOf(sentences: Sentence[]): Proposal | undefined {
  let best: { title: string; count: number; first: number } | undefined;
  for (const [title, pattern] of HEAD_TITLES) {
    let count = 0;
    let first = -1;
    sentences.forEach((s, i) => {
      const n = s.text.match(pattern)?.length ?? 0;
      if (n && first < 0) first = i;
      count += n;
    });
    if (count && (!best || count > best.count || (count === best.count && first < best.first)))
      best = { title, count, first };
  }
  if (!best) return undefined;
  const s = sentences[best.first]!;
  return {
    key: 'headTitle',
    value: best.title,
    sentence: s.text,
    section: s.section,
    clause: s.clause,
    alternatives: [],
  };
}

/** The roles the document names, each from the first sentence naming it; the sentence shown is the first. */
function rolesOf(sentences: Sentence[]): Proposal | undefined {
  const named: { role: Role; at: number }[] = [];
  for (const [role, pattern] of ROLE_PATTERNS) {
    const at = sentences.findIndex((s) => {
      const text = role === 'governor' ? s.text.replace(/\bchair of (the )?governors\b/gi, '') : s.text;
      return pattern.test(text);
    });
    if (at >= 0) named.push({ role, at });
  }
  if (named.length === 0) return undefined;
  const first = sentences[Math.min(...named.map((n) => n.at))]!;
  return {
    key: 'roles',
    value: named.map((n) => n.role),
    sentence: first.text,
    section: first.section,
    clause: first.clause,
    alternatives: [],
  };
}

const ENGLISH = new Set(
  'the and of to is be will must should in for on with by that this are or not any all their from at as'.split(' '),
);

/** True when the text reads as English: common English words make up a fair share of it. */
export function looksEnglish(sentences: Sentence[]): boolean {
  const words = sentences.flatMap((s) => s.text.toLowerCase().match(/[a-zÀ-ſ]+/g) ?? []);
  if (words.length === 0) return false;
  return words.filter((w) => ENGLISH.has(w)).length / words.length >= 0.12;
}
