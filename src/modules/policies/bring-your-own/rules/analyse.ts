/**
 * From lines of a school's own policy to everything the journey shows: its sections and clauses,
 * the settings proposed from its text, and how its clauses match the model. Pure: no I/O.
 */
import type { PolicyDocument } from '../../model/types.ts';
import type { SourceLine } from '../read/lines.ts';
import { withSettingMatches } from './assemble.ts';
import { matchClauses, type MatchResult } from './match.ts';
import { proposeSettings, type Proposal } from './propose.ts';
import { sentencesOf } from './sentences.ts';
import { splitPolicy, type SplitDocument } from './split.ts';

export interface Analysis {
  document: SplitDocument;
  proposals: Proposal[];
  matching: MatchResult;
}

/** Proposals and matches for a split document (after the person merges, splits or renames). */
export function analyseSplit(document: SplitDocument, model: PolicyDocument): Analysis {
  const proposals = proposeSettings(sentencesOf(document));
  const found = matchClauses(document, model);
  const matches = withSettingMatches(found.matches, proposals);
  const taken = new Set(matches.map((m) => m.modelKey).filter(Boolean));
  return {
    document,
    proposals,
    matching: { matches, missing: found.missing.filter((m) => !taken.has(m.key)) },
  };
}

export function analyse(lines: SourceLine[], model: PolicyDocument): Analysis {
  return analyseSplit(splitPolicy(lines), model);
}
