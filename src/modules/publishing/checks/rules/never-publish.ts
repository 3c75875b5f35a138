/**
 * PUB-2: a pupil on the never-publish list named in any form at all (a first name alone included,
 * since a reader cannot tell which pupil of that name is meant) or tagged in a photo
 * (images.never-publish).
 *
 * Issue 16: their full name (or initial and surname) and a photo tag block, with no exception. Their
 * first name or surname alone may be someone or something else (a mascot, a visitor, a word), which
 * only a person can tell: the post stops until the approver confirms it is not that pupil, with a
 * reason that is kept. A first name followed by another surname ("Max Holloway") is someone else's
 * name and no finding; an ordinary-word surname alone ("Mason") counts only where the post is about children.
 */
import { finding, quote } from '../clauses.ts';
import { analyseNames } from '../names/mentions.ts';
import type { NameMention } from '../names/mentions.ts';
import { W_COMMON } from '../names/words.ts';
import type { CheckContext, Finding, Rule } from '../types.ts';

/** Whether the words of a surname mention are an ordinary word ("Mason", "Shepherd"). */
function commonWord(text: string, m: NameMention, ctx: CheckContext): boolean {
  const t = analyseNames(text, ctx.roster).tokens;
  return m.firstToken === m.lastToken && (ctx.roster.wordFlags[t.sym[m.firstToken]!]! & W_COMMON) !== 0;
}

export const neverPublish: Rule = (post, ctx) => {
  const out: Finding[] = [];
  const roster = ctx.roster;
  if (post.text) {
    for (const m of analyseNames(post.text, roster).mentions) {
      if (m.neverPublish.length === 0) continue;
      const alone = m.kind === 'first' || m.kind === 'surname';
      if (m.kind === 'surname' && !m.childContext && commonWord(post.text, m, ctx)) continue;
      const span = { start: m.start, end: m.end };
      const words = quote(post.text, span);
      const message = !alone
        ? `${words} names a pupil who must never be published. Take it out.`
        : `${words} is the ${m.kind === 'first' ? 'first name' : 'surname'} of a pupil who must never be published. Take it out, or, if it means someone or something else (another pupil, a visitor, a mascot), make that clear: the approver must confirm it is not that pupil.`;
      const pupilId = m.neverPublish.length === 1 ? roster.pupils[m.neverPublish[0]!]!.id : undefined;
      out.push(
        finding('never-publish', alone ? 'confirm' : 'blocking', message, [span], {
          pupilId,
          confirm: 'This is not the pupil on the never-publish list.',
        }),
      );
    }
  }
  (post.images ?? []).forEach((image, index) => {
    for (const id of new Set(image.taggedPupilIds)) {
      const pupil = roster.indexOf(id);
      if (pupil === undefined || !roster.pupilNeverPublish[pupil]) continue;
      out.push(
        finding(
          'never-publish',
          'blocking',
          `Photo ${index + 1} shows a pupil who must never be published. Remove the photo.`,
          [],
          { where: 'photo', image: index, pupilId: id },
        ),
      );
    }
  });
  return out;
};
