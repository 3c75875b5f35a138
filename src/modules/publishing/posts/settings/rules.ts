/** The school's own words for the confidential-matters check (PUB-2): pure validation. */
import type { FieldError } from '../../../../platform/http/errors.ts';

export const MAX_TERMS = 200;
export const MAX_TERM_LENGTH = 80;

/** One word or phrase a line; "!" in front blocks; "+" at the end matches the start of a word. */
export function checkConfidentialWords(text: string): { terms: string[]; errors: FieldError[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const errors: FieldError[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const words = line
      .replace(/^[!?]/, '')
      .replace(/^\+|\+$/g, '')
      .trim();
    if (line.startsWith('-'))
      errors.push({
        href: '#words',
        text: `Line ${i + 1}: exceptions (lines starting with -) are kept in Postwarden’s own list. Remove “${line}”`,
      });
    else if (line.length > MAX_TERM_LENGTH)
      errors.push({
        href: '#words',
        text: `Line ${i + 1}: a word or phrase must be ${MAX_TERM_LENGTH} characters or fewer`,
      });
    else if (!/\p{L}.*\p{L}|\p{N}\p{L}|\p{L}\p{N}/u.test(words))
      errors.push({ href: '#words', text: `Line ${i + 1}: “${line}” needs at least two letters` });
    else if (!seen.has(line.toLowerCase())) {
      seen.add(line.toLowerCase());
      terms.push(line);
    }
  });
  if (terms.length > MAX_TERMS)
    errors.unshift({ href: '#words', text: `Enter ${MAX_TERMS} words or phrases at most. There are ${terms.length}` });
  return { terms, errors: errors.slice(0, 10) };
}
