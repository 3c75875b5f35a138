import type { AccountStatus } from '../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../platform/http/errors.ts';

/**
 * The questions of an account review and how their answers are read (pure: no I/O). A review asks
 * whether the account is still needed, whether the right people run it and whether its settings are
 * still safe, then records what happens next.
 */
export const QUESTIONS = [
  {
    name: 'stillNeeded',
    text: 'Is the account still needed?',
    hint: 'It still does what the school applied for it to do, and people use it.',
    missing: 'Select whether the account is still needed',
  },
  {
    name: 'operatorsRight',
    text: 'Are the right people running it?',
    hint: 'Everyone named still works with the account, and nobody else has the password.',
    missing: 'Select whether the right people are running the account',
  },
  {
    name: 'settingsSafe',
    text: 'Are its settings still safe?',
    hint: 'Privacy, messages, comments, tagging and location settings still match the policy, and two-factor sign-in is on.',
    missing: 'Select whether the account’s settings are still safe',
  },
] as const;

export type QuestionName = (typeof QUESTIONS)[number]['name'];

export const OUTCOMES = [
  {
    value: 'keep',
    text: 'Keep the account as it is',
    hint: 'Everything is right. The next review is due after the policy’s review cycle.',
  },
  {
    value: 'changes-needed',
    text: 'Keep it, but changes are needed',
    hint: 'The account is marked as under review until the changes are made and it is reviewed again.',
  },
  { value: 'close', text: 'Close the account', hint: 'You will be asked why and when it closed.' },
] as const;

export type ReviewOutcome = (typeof OUTCOMES)[number]['value'];

export const NOTES_MAX = 2000;

export interface ReviewForm {
  stillNeeded: string;
  operatorsRight: string;
  settingsSafe: string;
  notes: string;
  outcome: string;
}

export interface ReviewInput {
  stillNeeded: boolean;
  operatorsRight: boolean;
  settingsSafe: boolean;
  notes: string | null;
  outcome: ReviewOutcome;
}

function answer(value: string): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

function isOutcome(value: string): value is ReviewOutcome {
  return OUTCOMES.some((o) => o.value === value);
}

/**
 * The review as recorded, or every problem with it. Each question needs a yes or no. "Keep" means
 * all is well, so it needs three yeses; any no, or "changes needed", needs notes saying what.
 */
export function readReview(form: ReviewForm): { ok: true; value: ReviewInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: Partial<Record<QuestionName, boolean>> = {};
  for (const q of QUESTIONS) {
    const a = answer(form[q.name].trim());
    if (a === undefined) errors.push({ href: `#${q.name}`, text: q.missing });
    else answers[q.name] = a;
  }
  const notes = form.notes.trim();
  const outcome = form.outcome.trim();
  const anyNo = Object.values(answers).some((a) => a === false);
  if (!isOutcome(outcome)) errors.push({ href: '#outcome', text: 'Select what happens to the account next' });
  else if (outcome === 'keep' && anyNo)
    errors.push({
      href: '#outcome',
      text: 'You answered no to a question, so choose ‘Keep it, but changes are needed’ or ‘Close the account’',
    });
  if (notes.length > NOTES_MAX) errors.push({ href: '#notes', text: 'Notes must be 2,000 characters or fewer' });
  else if (!notes && (anyNo || outcome === 'changes-needed'))
    errors.push({ href: '#notes', text: 'Enter notes saying what is wrong and what needs to change' });
  if (errors.length || !isOutcome(outcome)) return { ok: false, errors };
  return {
    ok: true,
    value: {
      stillNeeded: answers.stillNeeded!,
      operatorsRight: answers.operatorsRight!,
      settingsSafe: answers.settingsSafe!,
      notes: notes || null,
      outcome,
    },
  };
}

/** The account's status after a review; a review that closes the account leaves it to the closing page. */
export function statusAfterReview(outcome: ReviewOutcome): AccountStatus | undefined {
  if (outcome === 'keep') return 'active';
  if (outcome === 'changes-needed') return 'under_review';
  return undefined;
}

export function outcomeText(outcome: string): string {
  return OUTCOMES.find((o) => o.value === outcome)?.text ?? outcome;
}
