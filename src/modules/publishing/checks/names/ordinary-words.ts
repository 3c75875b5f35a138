/**
 * Whether a folded word is an ordinary English word (lexicon/data/english-words.txt), so that a
 * pupil's name that is also one ("May", "Will", "Read", "Constable") counts on its own only when it is
 * written like a name. Read once, on first use.
 */
import { readFileSync } from 'node:fs';

let words: Set<string> | undefined;

function load(): Set<string> {
  const text = readFileSync(new URL('../lexicon/data/english-words.txt', import.meta.url), 'utf8');
  const set = new Set<string>();
  for (const line of text.split('\n')) if (line && line[0] !== '#') set.add(line);
  return set;
}

export function isOrdinaryWord(folded: string): boolean {
  return (words ??= load()).has(folded);
}
