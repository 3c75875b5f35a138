/**
 * Each clause of a school's own policy matched to the model clause it corresponds to (POL-7), by
 * a lexical score anyone can check: TF-IDF cosine between the clause and each model clause (its
 * title counted twice), plus a bonus for the model clause's own key words. No network, no model.
 * Pure: no I/O.
 */
import { CITED_CLAUSES } from '../../citations.ts';
import type { PolicyDocument } from '../../model/types.ts';
import type { SplitDocument } from './split.ts';

export interface ClauseMatch {
  section: number;
  clause: number;
  /** The model clause it corresponds to, or undefined: the school's own. */
  modelKey?: string;
  /** 0–1: how sure the match is. */
  confidence: number;
}

export interface MatchResult {
  matches: ClauseMatch[];
  /** Model clauses nothing in the school's document corresponds to; `cited` when a check cites it. */
  missing: { key: string; title: string; cited: string[] }[];
}

const STOP = new Set(
  'a an the and or of to in on for with by at from as is are be been being it its this that these those will must should may can not no any all their they them you your our we us staff school schools policy social media which who whom what when where if than then so such other into about also only do does use used using'.split(
    ' ',
  ),
);

const stem = (word: string): string => word.replace(/(ing|ed|es|s)$/, '');
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !STOP.has(w)).map(stem);
}

/** Words that mark a model clause beyond its own text (the school's common wording for it). */
const KEYWORDS: Record<string, string[]> = {
  'accounts.response-time': ['respond', 'repl', 'acknowledg', 'hour', 'within'],
  'accounts.monitoring': ['monitor', 'regular', 'daily', 'week'],
  'accounts.operators': ['least', 'two', 'named', 'run'],
  'business-use.approval': ['behalf', 'approval', 'business'],
  'business-use.not-permitted': ['behalf', 'not', 'permitted', 'representative'],
  'personal-use.at-work': ['working', 'hour', 'personal', 'lesson', 'time'],
  'contact.pupils-under-age': ['friend', 'pupil', 'former', 'age', 'under'],
  'cyberbullying.takedown': ['remov', 'website', 'host', 'within', 'hour'],
  'images.first-names-only': ['first', 'name', 'surname'],
  'images.consent': ['consent', 'permission', 'photograph', 'parent'],
  'review.cycle': ['review', 'annual', 'year'],
  'review.consultation': ['trade', 'union', 'consult'],
  'signing.statement': ['sign', 'statement', 'acceptance'],
};

type Vector = Map<string, number>;

function vectorOf(words: string[], idf: Map<string, number>): Vector {
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  const v: Vector = new Map();
  let norm = 0;
  for (const [w, n] of tf) {
    const weight = (1 + Math.log(n)) * (idf.get(w) ?? 0);
    if (weight > 0) {
      v.set(w, weight);
      norm += weight * weight;
    }
  }
  norm = Math.sqrt(norm) || 1;
  for (const [w, x] of v) v.set(w, x / norm);
  return v;
}

function cosine(a: Vector, b: Vector): number {
  let sum = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [w, x] of small) sum += x * (large.get(w) ?? 0);
  return sum;
}

/** Below this a clause is kept as the school's own. */
export const MATCH_THRESHOLD = 0.2;

export function matchClauses(doc: SplitDocument, model: PolicyDocument): MatchResult {
  const modelClauses = model.sections.flatMap((s) =>
    s.clauses.map((c) => ({
      key: c.key,
      title: c.title,
      words: [...terms(`${s.title} ${c.title} ${c.title} ${c.text.replace(/\{\{[^}]*\}\}/g, ' ')}`)],
    })),
  );
  const schoolClauses = doc.sections.flatMap((s, si) =>
    s.clauses.map((c, ci) => ({ section: si, clause: ci, words: terms(`${s.title} ${c.text}`) })),
  );
  const df = new Map<string, number>();
  const all = [...modelClauses.map((c) => c.words), ...schoolClauses.map((c) => c.words)];
  for (const words of all) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log((all.length + 1) / (n + 0.5))]));
  const modelVectors = modelClauses.map((c) => ({
    ...c,
    vector: vectorOf(c.words, idf),
    keywords: KEYWORDS[c.key] ?? [],
  }));

  const taken = new Map<string, number>();
  const matches: ClauseMatch[] = schoolClauses.map((c) => {
    const vector = vectorOf(c.words, idf);
    const present = new Set(c.words);
    let best = { key: undefined as string | undefined, score: 0 };
    for (const m of modelVectors) {
      const hits = m.keywords.filter((k) => [...present].some((w) => w.startsWith(k))).length;
      const score = cosine(vector, m.vector) + (m.keywords.length ? (0.25 * hits) / m.keywords.length : 0);
      if (score > best.score) best = { key: m.key, score };
    }
    const confidence = Math.min(1, Math.round(best.score * 100) / 100);
    if (!best.key || confidence < MATCH_THRESHOLD) return { section: c.section, clause: c.clause, confidence };
    taken.set(best.key, Math.max(taken.get(best.key) ?? 0, confidence));
    return { section: c.section, clause: c.clause, modelKey: best.key, confidence };
  });
  const seen = new Set<string>();
  const missing: MatchResult['missing'] = [];
  for (const m of modelClauses) {
    if (taken.has(m.key) || seen.has(m.key)) continue;
    seen.add(m.key);
    missing.push({ key: m.key, title: m.title, cited: CITED_CLAUSES.filter((c) => c.key === m.key).map((c) => c.by) });
  }
  return { matches, missing };
}
