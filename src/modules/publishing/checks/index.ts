/**
 * The post checks (PUB-2): pure functions over a post, the school's roster and its policy settings.
 * No database, no HTTP, the clock passed in.
 *
 *   const matcher = buildRosterMatcher(pupils);          // ~0.6 s for 75,000 pupils: cache it per school,
 *                                                        // rebuild when rosterFingerprint(pupils) changes
 *   const findings = checkPost(post, { roster: matcher, settings: { firstNamesOnly }, schoolDomains, today });
 *   blocks(findings)                                     // any blocking finding: the post cannot be approved
 *   needsConfirmation(findings)                          // any finding the approver must confirm, with a reason
 *
 * Each finding names its rule, severity, the policy clause it enforces (by key), a message for the
 * author and the exact words (spans into the post's text, or an image's alt text) it is about.
 */
export { checkPost, blocks, needsConfirmation, RULES } from './check.ts';
export { runCheck, type RunCheckArgs } from './cli.ts';
export { buildRosterMatcher, rosterFingerprint, RosterMatcher } from './names/roster-matcher.ts';
export { CLAUSE_OF } from './clauses.ts';
export type {
  CheckContext,
  CheckSettings,
  Finding,
  FindingPlace,
  PostImage,
  PostInput,
  RosterPupil,
  RuleId,
  Severity,
  Span,
} from './types.ts';

/** What the "before you post" check (STF-1, personal-use) reuses: the name finder, word lists and two rules. */
export { analyseNames, type NameMention } from './names/mentions.ts';
export { Lexicon, parseTerms, type LexiconMatch } from './lexicon/lexicon.ts';
export { listMatches } from './lexicon/lists.ts';
export { streamOf } from './lexicon/streams.ts';
export { confidential } from './rules/confidential.ts';
export { contactDetails } from './rules/contact-details.ts';
export { quote } from './clauses.ts';
export { sentencesOf, sentenceAt } from './text/sentences.ts';
