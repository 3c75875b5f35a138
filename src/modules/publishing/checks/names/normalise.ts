/**
 * Names as the tokeniser reads them: folded words (case, accents, look-alikes), apostrophes inside a
 * word dropped ("O’Brien" → obrien, "D'Souza" → dsouza), hyphens and spaces separating words
 * ("Smith-Jones" → smith jones). Built from the same folding as the tokeniser, so a roster name and
 * the same name in a post always give the same words.
 */
import { foldNonAscii, isApostrophe } from '../text/fold.ts';

/** "Ní Bhriain" → ["ni", "bhriain"]; "O’Neill" → ["oneill"]; "Mary-Jane" → ["mary", "jane"]. */
export function nameTokens(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    let folded: string | null;
    if (c >= 65 && c <= 90) folded = String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) folded = name[i]!;
    else if (isApostrophe(c)) folded = current === '' ? null : '';
    else if (c >= 128) folded = foldNonAscii(c);
    else folded = null;
    if (folded === null) {
      if (current) words.push(current);
      current = '';
    } else current += folded;
  }
  if (current) words.push(current);
  return words;
}

/**
 * The ways a surname is written: its words, and for a name of several words written with spaces
 * ("van der Berg", "Da Silva") the same words run together ("Vanderberg", "DaSilva").
 */
export function surnameForms(familyName: string): string[][] {
  const words = nameTokens(familyName);
  if (words.length === 0) return [];
  const forms = [words];
  if (words.length > 1 && !/[-‐‑–]/.test(familyName)) forms.push([words.join('')]);
  return forms;
}

/** The first names a pupil goes by: legal and preferred, without repeats. */
export function firstNameForms(givenName: string, preferredName?: string | null): string[][] {
  const forms: string[][] = [];
  const seen = new Set<string>();
  for (const name of [preferredName, givenName]) {
    if (!name) continue;
    const words = nameTokens(name);
    const key = words.join(' ');
    if (words.length === 0 || seen.has(key)) continue;
    seen.add(key);
    forms.push(words);
  }
  return forms;
}
