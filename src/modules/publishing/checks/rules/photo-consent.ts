/**
 * PUB-2: a pupil tagged in a photo without consent for the school's social media (images.consent).
 * A never-publish pupil is left to that check.
 */
import { finding } from '../clauses.ts';
import type { Finding, Rule } from '../types.ts';

export const photoConsent: Rule = (post, ctx) => {
  const out: Finding[] = [];
  const roster = ctx.roster;
  (post.images ?? []).forEach((image, index) => {
    for (const id of new Set(image.taggedPupilIds)) {
      const pupil = roster.indexOf(id);
      if (pupil === undefined) continue;
      const record = roster.pupils[pupil]!;
      if (record.neverPublish || record.consentSocial) continue;
      out.push(
        finding(
          'photo-consent',
          'blocking',
          `Photo ${index + 1} shows a pupil whose parents have not agreed to photos on the school’s social media. Choose another photo.`,
          [],
          {
            where: 'photo',
            image: index,
            pupilId: id,
          },
        ),
      );
    }
  });
  return out;
};
