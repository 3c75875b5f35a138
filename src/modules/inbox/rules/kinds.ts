/**
 * The kinds of inbox item and what each asks of the school (MON-3, MON-4; 001 handling, 003 §9.2,
 * 000 §5.2). Pure. `suggestKind` reads the words only: abuse or threat through the same
 * offensive-language list the post checks use, then a press enquiry, a complaint, a safeguarding
 * worry, else a question. A person always decides; the suggestion is kept beside their choice.
 */
import { listMatches } from '../../publishing/checks/lexicon/lists.ts';
import type { ItemKind } from '../schema.ts';

export const KINDS: Record<ItemKind, { text: string; hint: string }> = {
  question: { text: 'Question or comment', hint: 'Answer it, or acknowledge it and say when an answer will come.' },
  complaint: {
    text: 'Complaint',
    hint: 'Acknowledge it and point to the complaints procedure; do not argue it in public.',
  },
  press: {
    text: 'Press enquiry',
    hint: 'Goes to the headteacher or senior leadership. Nothing is sent until a named senior leader approves the words.',
  },
  abuse: {
    text: 'Abuse or threat',
    hint: 'Hide or delete it where the platform allows, block, report it to the platform, and tell the audience why.',
  },
  'parent-offensive': {
    text: 'Offensive post by a parent',
    hint: 'Ask them to remove it, invite them to talk, and point to the complaints procedure.',
  },
  'pupil-offensive': {
    text: 'Offensive post by a pupil',
    hint: 'The behaviour policy applies: open a concern with the item attached.',
  },
  safeguarding: {
    text: 'Safeguarding matter',
    hint: 'Open a concern now with the item as evidence. Do not reply about it in public.',
  },
};

export const KIND_KEYS = Object.keys(KINDS) as ItemKind[];

export function isItemKind(value: string): value is ItemKind {
  return Object.hasOwn(KINDS, value);
}

const THREAT =
  /\b(i(?:'|’)?ll|i will|we(?:'|’)?ll|we will|gonna|going to)\s+(?:\w+\s+){0,3}(hurt|kill|smash|burn|get you|find you|come for)\b|\b(watch your back|you(?:'|’)?ll regret)\b/i;
const PRESS =
  /\b(journalist|reporter|newsroom|editor|press office|newspaper|for (?:a|our) (?:story|article|piece)|request (?:a|for) comment|statement for|deadline for publication|on the record|bbc|itv|gazette|echo|chronicle|herald)\b/i;
const COMPLAINT =
  /\b(complain(?:t|ts|ing)?|unacceptable|disgraceful|disappointed|disgusted|appalled|not good enough|formal(?:ly)? (?:raise|object)|shocking)\b/i;
const SAFEGUARDING =
  /\b(self[- ]harm|suicid\w*|abus(?:ed|ing) (?:a |my )?(?:child|pupil|son|daughter)|groom\w*|unsafe at home|hurting (?:him|her|them)self|being hit|touched (?:him|her|me))\b/i;

export function suggestKind(text: string): ItemKind {
  if (SAFEGUARDING.test(text)) return 'safeguarding';
  if (THREAT.test(text) || listMatches(text, 'offensive').some((m) => m.term.severity === 'blocking')) return 'abuse';
  if (PRESS.test(text)) return 'press';
  if (COMPLAINT.test(text)) return 'complaint';
  return 'question';
}
