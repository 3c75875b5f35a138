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
  /** The person chosen in each operator slot, in order; '' for an empty slot. */
  slots: readonly string[];
  /** The slot number (1-based) marked as lead, or ''. */
  lead: string;
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

/** "Name at least 2 operators: your policy (§7.3 Who runs an account) requires 2". */
export function minimumMessage(minimum: number, citation: string | undefined): string {
  const policy = citation ? `your policy (${citation})` : 'your policy';
  return `Name at least ${minimum} ${minimum === 1 ? 'operator' : 'operators'}: ${policy} requires ${minimum}`;
}

function hasLeft(person: PersonFact, today: string): boolean {
  return person.leavingDate !== null && person.leavingDate <= today;
}

/**
 * The operators the form names (each person once, in slot order, with the lead marked) and every
 * problem with them. A draft may name fewer than the minimum and no lead; it may never name someone
 * who is not one of the school's people, who has left, or the same person twice.
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
      add(`#${slotId(slot)}`, `${person.name} left on ${ukLongDate(person.leavingDate!)}: choose someone who is still at the school`);
    } else {
      valid.push(value);
    }
    if (!chosen.has(value)) chosen.set(value, slot);
  });

  if (chosen.size > MAX_OPERATORS) add('#operator-1', `Name no more than ${MAX_OPERATORS} operators`);
  if (input.mode === 'send' && chosen.size < input.minimum) add('#operator-1', minimumMessage(input.minimum, input.citation));

  let leadId: string | undefined;
  const lead = input.lead.trim();
  if (lead) {
    const slot = /^\d{1,3}$/.test(lead) ? Number(lead) : NaN;
    const value = Number.isInteger(slot) && slot >= 1 ? input.slots[slot - 1]?.trim() : undefined;
    if (!value) add('#lead', 'The lead operator must be one of the people you have named');
    else leadId = value;
  } else if (input.mode === 'send' && chosen.size > 0) {
    add('#lead', 'Choose which of the operators is the lead');
  }

  return { operators: valid.map((personId) => ({ personId, isLead: personId === leadId })), errors };
}
