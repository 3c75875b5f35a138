/**
 * PUB-2: offensive, discriminatory, harassing, threatening or sexual language, including disguised
 * spellings (prohibited.offensive). The list is data (lexicon/data/offensive.txt); milder words advise.
 */
import { finding } from '../clauses.ts';
import { listMatches } from '../lexicon/lists.ts';
import type { Rule } from '../types.ts';

export const offensive: Rule = (post) => {
  if (!post.text) return [];
  return listMatches(post.text, 'offensive').map((m) =>
      finding(
        'offensive',
        m.term.severity,
        m.term.severity === 'blocking'
          ? 'This is offensive, abusive or discriminatory language, even in a quotation or a joke. Take it out.'
          : 'This word may offend some readers. Check it suits a post from the school.',
        [m.span],
      ),
    );
};
