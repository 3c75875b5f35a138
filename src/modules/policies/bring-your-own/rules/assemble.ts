/**
 * The school's own document as a Postwarden policy document (POL-7): its sections and clauses in
 * its order and with its numbers; a clause matched to a model clause takes that clause's stable
 * key, so every check that cites the key cites the school's own wording and number. Model clauses a
 * check cites that the school's document lacks are added from the model ("the check will cite the
 * model wording"), with any others the person chose to add. Pure: no I/O.
 */
import { CITED_CLAUSES } from '../../citations.ts';
import type { Clause, PolicyDocument, Section } from '../../model/types.ts';
import type { ClauseMatch } from './match.ts';
import type { Proposal } from './propose.ts';
import type { SplitDocument } from './split.ts';

/** The model clause a setting's sentence belongs to: the clause that names that setting. */
export const CLAUSE_OF_SETTING: Partial<Record<string, string>> = {
  responseDeadlineHours: 'accounts.response-time',
  weekendNextWorkingDay: 'accounts.response-time',
  accountCheckIntervalHours: 'accounts.monitoring',
  minimumOperators: 'accounts.operators',
  personalUseAtWork: 'personal-use.at-work',
  pupilContactAgeLimit: 'contact.pupils-under-age',
  takedownTargetHours: 'cyberbullying.takedown',
  firstNamesOnly: 'images.first-names-only',
  reviewCycleMonths: 'review.cycle',
  tradeUnionsConsulted: 'review.consultation',
  requiresSignedStatement: 'signing.statement',
};

/** A clause that states a setting corresponds to the model clause for that setting, whatever the words score. */
export function withSettingMatches(matches: ClauseMatch[], proposals: Proposal[]): ClauseMatch[] {
  const out = matches.map((m) => ({ ...m }));
  for (const p of proposals) {
    const key =
      p.key === 'businessUse'
        ? p.value === 'not-permitted'
          ? 'business-use.not-permitted'
          : 'business-use.approval'
        : CLAUSE_OF_SETTING[p.key];
    if (!key || p.clause < 0) continue;
    const m = out.find((x) => x.section === p.section && x.clause === p.clause);
    if (!m) continue;
    // A clause stating two settings takes the one a check cites, so the check cites the school's words.
    const cited = (k: string | undefined) => CITED_CLAUSES.some((c) => c.key === k);
    if (m.modelKey === undefined || m.confidence < 0.9 || (cited(key) && !cited(m.modelKey)))
      Object.assign(m, { modelKey: key, confidence: 0.9 });
  }
  return out;
}

const escapeBraces = (text: string): string => text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
const shortTitle = (text: string): string => {
  const first = text.split(/(?<=[.!?:])\s|\n/)[0]!.replace(/[.:]$/, '');
  const words = first.split(' ');
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}…` : first;
};
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'section';

export function assembleDocument(
  doc: SplitDocument,
  matches: ClauseMatch[],
  model: PolicyDocument,
  addKeys: readonly string[] = [],
): PolicyDocument {
  // One clause per model key: the most confident; the rest are the school's own.
  const owner = new Map<string, ClauseMatch>();
  for (const m of matches)
    if (m.modelKey && (owner.get(m.modelKey)?.confidence ?? -1) < m.confidence) owner.set(m.modelKey, m);
  const modelClause = new Map(model.sections.flatMap((s) => s.clauses.map((c) => [c.key, c] as const)));
  const usedSectionKeys = new Set<string>();
  const sections: Section[] = doc.sections
    .map((section, si): Section => {
      let key = `own.${slug(section.title)}`;
      while (usedSectionKeys.has(key)) key = `${key}-${si}`;
      usedSectionKeys.add(key);
      const numbered = section.number !== undefined && /^\d+$/.test(section.number);
      const clauses = section.clauses.map((clause, ci): Clause => {
        const match = matches.find((m) => m.section === si && m.clause === ci);
        const mine = match?.modelKey !== undefined && owner.get(match.modelKey) === match ? match.modelKey : undefined;
        const number = numbered && clause.number?.startsWith(`${section.number}.`) ? clause.number : undefined;
        return {
          key: mine ?? `own.s${si + 1}-c${ci + 1}`,
          title: mine ? (modelClause.get(mine)?.title ?? shortTitle(clause.text)) : shortTitle(clause.text),
          text: escapeBraces(clause.text),
          ...(number ? { number } : {}),
        };
      });
      return { key, title: section.title, ...(numbered ? { number: section.number } : {}), clauses };
    })
    .filter((s) => s.clauses.length > 0);
  const present = new Set(sections.flatMap((s) => s.clauses.map((c) => c.key)));
  const wanted = new Set([...CITED_CLAUSES.map((c) => c.key), ...addKeys]);
  const added: Clause[] = [];
  for (const s of model.sections)
    for (const c of s.clauses) if (wanted.has(c.key) && !present.has(c.key)) added.push({ ...c });
  if (added.length) {
    // Conditional model sections (official accounts) keep their condition on the clauses they lend.
    const conditionOf = new Map(model.sections.flatMap((s) => s.clauses.map((c) => [c.key, s.when] as const)));
    sections.push({
      key: 'own.from-model',
      title: 'From Postwarden’s model policy',
      clauses: added.map((c) => {
        const when = c.when ?? conditionOf.get(c.key);
        return { ...c, ...(when ? { when } : {}) };
      }),
    });
  }
  return { title: doc.title, sections, relatedPolicies: [], legislation: [] };
}
