/**
 * PUB-2: a pupil's surname or full name in any common form ("Amy Brown", "Brown, Amy", "A. Brown",
 * "Amy Brown’s", "Brown" alone), when the policy allows first names only. A first name alone is fine.
 * A pupil on the never-publish list is left to that check.
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
    const span = { start: m.start, end: m.end };
    const words = quote(post.text, span);
    const message =
      m.kind === 'full'
        ? `${words} names a pupil in full. The policy allows first names only: use the first name on its own.`
        : `${words} is the surname of ${m.pupilCount(2) === 1 ? 'a pupil' : 'pupils'} on the roster. The policy allows first names only: leave the surname out.`;
    const pupilId = m.pupilCount(2) === 1 ? ctx.roster.pupils[m.pupils[0]!]!.id : undefined;
    out.push(finding('pupil-surname', 'blocking', message, [span], { pupilId }));
  }
  return out;
};
