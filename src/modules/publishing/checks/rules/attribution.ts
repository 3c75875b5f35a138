/**
 * PUB-2: someone else's material shared without a source or without permission (images.attribution):
 * from what the author declared about shared material, or, when they declared none, from words that
 * show the post shares something ("reposting", "found online") — then advisory: say what it is.
 */
import { finding } from '../clauses.ts';
import { listMatches } from '../lexicon/lists.ts';
import type { Finding, Rule } from '../types.ts';

export const attribution: Rule = (post) => {
  const shared = post.sharedMaterial;
  const out: Finding[] = [];
  if (shared) {
    if (!shared.source?.trim())
      out.push(
        finding('attribution', 'blocking', 'Say where the shared material comes from, so the post can credit it.', []),
      );
    if (shared.permission !== true)
      out.push(
        finding(
          'attribution',
          'blocking',
          'Confirm that the owner gave permission to share this material. Without permission it cannot be posted.',
          [],
        ),
      );
    return out;
  }
  if (!post.text) return out;
  const cues = listMatches(post.text, 'attribution-cues');
  if (cues.length > 0) {
    out.push(
      finding(
        'attribution',
        'advisory',
        'This post seems to share someone else’s material. Add where it comes from and whether the owner gave permission.',
        cues.map((c) => c.span),
      ),
    );
  }
  return out;
};
