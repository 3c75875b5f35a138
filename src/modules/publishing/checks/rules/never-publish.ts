/**
 * PUB-2: a pupil on the never-publish list named in any form at all (a first name alone included,
 * since a reader cannot tell which pupil of that name is meant) or tagged in a photo. Always blocking:
 * there are no exceptions (images.never-publish).
 */
import { finding, quote } from '../clauses.ts';
import { analyseNames } from '../names/mentions.ts';
import type { Finding, Rule } from '../types.ts';

export const neverPublish: Rule = (post, ctx) => {
  const out: Finding[] = [];
  const roster = ctx.roster;
  if (post.text) {
    for (const m of analyseNames(post.text, roster).mentions) {
      if (m.neverPublish.length === 0) continue;
      const span = { start: m.start, end: m.end };
      const words = quote(post.text, span);
      const message =
        m.kind === 'first'
          ? `${words} is the first name of a pupil who must never be published. Take it out. If you mean a different pupil, make that clear with their surname initial or their class.`
          : `${words} names a pupil who must never be published. Take it out.`;
      const pupilId = m.neverPublish.length === 1 ? roster.pupils[m.neverPublish[0]!]!.id : undefined;
      out.push(finding('never-publish', 'blocking', message, [span], { pupilId }));
    }
  }
  (post.images ?? []).forEach((image, index) => {
    for (const id of new Set(image.taggedPupilIds)) {
      const pupil = roster.indexOf(id);
      if (pupil === undefined || !roster.pupilNeverPublish[pupil]) continue;
      out.push(finding('never-publish', 'blocking', `Photo ${index + 1} shows a pupil who must never be published. Remove the photo.`, [], { where: 'photo', image: index, pupilId: id }));
    }
  });
  return out;
};
