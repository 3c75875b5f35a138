/**
 * PUB-2: a pupil's surname or full name in any common form ("Amy Brown", "Brown, Amy", "A. Brown",
 * "Amy Brown’s", "Brown" alone), when the policy allows first names only. A first name alone is fine.
 * A pupil on the never-publish list is left to that check.
 *
 * Issue 16: a full name blocks; a surname alone is at most advice, and only when the post says it means
 * a child (a class or year in the sentence, other pupils named, "well done", "goals", "team"…): alone,
 * "May", "Hope", "Constable’s" or "Turner’s" are a month, a value and painters far more often than pupils.
 */
import { finding, quote } from '../clauses.ts';
import { analyseNames } from '../names/mentions.ts';
import type { Finding, Rule } from '../types.ts';

export const pupilSurname: Rule = (post, ctx) => {
  if (!ctx.settings.firstNamesOnly || !post.text) return [];
  const { mentions } = analyseNames(post.text, ctx.roster);
  const out: Finding[] = [];
  for (const m of mentions) {
    if ((m.kind !== 'full' && m.kind !== 'surname') || m.neverPublish.length > 0) continue;
    if (m.kind === 'surname' && !m.childContext) continue;
    const span = { start: m.start, end: m.end };
    const words = quote(post.text, span);
    const message =
      m.kind === 'full'
        ? `${words} names a pupil in full. The policy allows first names only: use the first name on its own.`
        : `${words} is the surname of ${m.pupilCount(2) === 1 ? 'a pupil' : 'pupils'} on the roster. The policy allows first names only: if it means a pupil, leave the surname out.`;
    const pupilId = m.pupilCount(2) === 1 ? ctx.roster.pupils[m.pupils[0]!]!.id : undefined;
    out.push(finding('pupil-surname', m.kind === 'full' ? 'blocking' : 'advisory', message, [span], { pupilId }));
  }
  return out;
};
