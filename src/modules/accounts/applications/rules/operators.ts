/**
 * Who will run a proposed account (ACC-1, ACC-3): the operator choices on an application, as a pure
 * rule. The service looks the chosen people up; this decides what is wrong with the list, in words
 * the applicant can act on. No I/O, no clock: `today` is passed in.
 */
import type { FieldError } from '../../../../platform/http/errors.ts';
import { ukLongDate } from './words.ts';

/** More than this is not a team that runs an account, it is a mailing list (and a crafted form). */
export const MAX_OPERATORS = 20;

/** One of the school's people, as far as choosing operators goes (leavers included, so they can be named as such). */
export interface PersonFact {
  id: string;
  name: string;
  /** Their leaving date, or null. */
  leavingDate: string | null;
}

export interface OperatorInput {
  /** The person chosen in each operator slot, in order; '' for an empty slot. The first slot is the lead operator. */
  slots: readonly string[];
  /** A draft may be incomplete; an application sent for a decision may not. */
  mode: 'draft' | 'send';
  /** The policy's minimum operators for each account. */
  minimum: number;
  today: string;
  schoolName: string;
  /** How the policy cites its operators clause ("§7.3 Who runs an account"), if a policy is in force. */
  citation?: string | undefined;
  /** The school's people among those chosen, by id: anyone chosen who is not here is not the school's. */
  people: ReadonlyMap<string, PersonFact>;
}

export interface OperatorChoice {
  personId: string;
  isLead: boolean;
}

export function slotId(slot: number): string {
  return `operator-${slot}`;
}

const ORDINALS = [
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
  'Eleventh',
  'Twelfth',
  'Thirteenth',
  'Fourteenth',
  'Fifteenth',
  'Sixteenth',
  'Seventeenth',
  'Eighteenth',
  'Nineteenth',
  'Twentieth',
];

/** What each operator list is called on the form: "Lead operator", then "Second operator", "Third operator"… */
export function slotLabel(slot: number): string {
  if (slot === 1) return 'Lead operator';
  const ordinal = ORDINALS[slot - 2];
  return ordinal ? `${ordinal} operator` : `Operator ${slot}`;
}

/**
 * How many operator lists the form shows: at least the policy's minimum (and two), every list already
 * filled, and as many as the applicant asked for with "Add another operator", never more than the most allowed.
 */
export function slotCount(facts: { minimum: number; filled: readonly string[]; requested: number }): number {
  const lastFilled = facts.filled.reduce((last, v, i) => (v.trim() ? i + 1 : last), 0);
  const requested = Number.isInteger(facts.requested) && facts.requested > 0 ? facts.requested : 0;
  return Math.min(MAX_OPERATORS, Math.max(facts.minimum, 2, lastFilled, requested));
}

/** "Name at least 2 operators: your policy (§7.3 Who runs an account) requires 2". */
export function minimumMessage(minimum: number, citation: string | undefined): string {
  const policy = citation ? `your policy (${citation})` : 'your policy';
  return `Name at least ${minimum} ${minimum === 1 ? 'operator' : 'operators'}: ${policy} requires ${minimum}`;
}

function hasLeft(person: PersonFact, today: string): boolean {
  return person.leavingDate !== null && person.leavingDate <= today;
}

/**
 * The operators the form names (each person once, in slot order, the first list's person as the
 * lead) and every problem with them. A draft may name fewer than the minimum and no lead; it may
 * never name someone who is not one of the school's people, who has left, or the same person twice.
 */
export function checkOperators(input: OperatorInput): { operators: OperatorChoice[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const add = (href: string, text: string) => {
    if (!errors.some((e) => e.text === text)) errors.push({ href, text });
  };
  const chosen = new Map<string, number>(); // person id → the first slot naming them
  const valid: string[] = [];
  input.slots.forEach((raw, index) => {
    const value = raw.trim();
    if (!value) return;
    const slot = index + 1;
    const person = input.people.get(value);
    if (!person) {
      add(`#${slotId(slot)}`, `Choose operators from the people of ${input.schoolName}`);
    } else if (chosen.has(value)) {
      add(`#${slotId(slot)}`, `${person.name} is named more than once: name each operator once`);
    } else if (hasLeft(person, input.today)) {
      add(
        `#${slotId(slot)}`,
        `${person.name} left on ${ukLongDate(person.leavingDate!)}: choose someone who is still at the school`,
      );
    } else {
      valid.push(value);
    }
    if (!chosen.has(value)) chosen.set(value, slot);
  });

  if (chosen.size > MAX_OPERATORS) add('#operator-1', `Name no more than ${MAX_OPERATORS} operators`);
  if (input.mode === 'send' && chosen.size < input.minimum)
    add('#operator-1', minimumMessage(input.minimum, input.citation));

  const lead = input.slots[0]?.trim() ?? '';
  if (!lead && input.mode === 'send' && chosen.size > 0)
    add('#operator-1', 'Choose the lead operator: the person who answers for the account day to day');
  const leadId = lead && valid.includes(lead) ? lead : undefined;

  return { operators: valid.map((personId) => ({ personId, isLead: personId === leadId })), errors };
}
