import { describe, expect, it } from 'vitest';
import {
  MAX_OPERATORS,
  checkOperators,
  minimumMessage,
  slotCount,
  slotLabel,
  type OperatorInput,
  type PersonFact,
} from './operators.ts';

const SAM = '11111111-1111-4111-8111-111111111111';
const JO = '22222222-2222-4222-8222-222222222222';
const KIM = '33333333-3333-4333-8333-333333333333';
const GONE = '44444444-4444-4444-8444-444444444444';
const LEAVING = '55555555-5555-4555-8555-555555555555';
const OUTSIDER = '66666666-6666-4666-8666-666666666666';

const people = new Map<string, PersonFact>([
  [SAM, { id: SAM, name: 'Sam Patel', leavingDate: null }],
  [JO, { id: JO, name: 'Jo Okafor', leavingDate: null }],
  [KIM, { id: KIM, name: 'Kim Lee', leavingDate: null }],
  [GONE, { id: GONE, name: 'Gail Gone', leavingDate: '2026-08-31' }],
  [LEAVING, { id: LEAVING, name: 'Lee Leaving', leavingDate: '2026-11-19' }],
]);

const CITE = '§7.3 Who runs an account';

function check(overrides: Partial<OperatorInput>) {
  return checkOperators({
    slots: [],
    mode: 'send',
    minimum: 2,
    today: '2026-11-18',
    schoolName: 'Alder Primary',
    citation: CITE,
    people,
    ...overrides,
  });
}

const texts = (r: ReturnType<typeof check>) => r.errors.map((e) => e.text);

describe('ACC-1: the operators named on an application', () => {
  it('ACC-1: names the chosen people once each, in order, the first list’s person as the lead', () => {
    expect(check({ slots: [SAM, JO] })).toEqual({
      operators: [
        { personId: SAM, isLead: true },
        { personId: JO, isLead: false },
      ],
      errors: [],
    });
    expect(check({ slots: [JO, SAM] }).operators).toEqual([
      { personId: JO, isLead: true },
      { personId: SAM, isLead: false },
    ]);
    expect(check({ slots: [` ${KIM} `, SAM, JO] }).operators).toEqual([
      { personId: KIM, isLead: true },
      { personId: SAM, isLead: false },
      { personId: JO, isLead: false },
    ]);
    // Empty lists after the lead are ignored.
    expect(check({ slots: [SAM, '', '', JO] })).toEqual({
      operators: [
        { personId: SAM, isLead: true },
        { personId: JO, isLead: false },
      ],
      errors: [],
    });
  });

  it('ACC-1, issue 8.7: the lists are called by what they are for, and there are as many as the policy needs, are filled, or were asked for', () => {
    expect([1, 2, 3, 4, 20].map(slotLabel)).toEqual([
      'Lead operator',
      'Second operator',
      'Third operator',
      'Fourth operator',
      'Twentieth operator',
    ]);
    expect(slotLabel(21)).toBe('Operator 21');
    expect(slotCount({ minimum: 2, filled: [], requested: 0 })).toBe(2);
    expect(slotCount({ minimum: 1, filled: [], requested: 0 })).toBe(2);
    expect(slotCount({ minimum: 3, filled: [SAM], requested: 2 })).toBe(3);
    expect(slotCount({ minimum: 2, filled: [SAM, JO], requested: 3 })).toBe(3);
    expect(slotCount({ minimum: 2, filled: [SAM, '', '', JO], requested: 2 })).toBe(4);
    expect(slotCount({ minimum: 2, filled: [SAM, JO, ' '], requested: 0 })).toBe(2);
    // A crafted count is bounded.
    expect(slotCount({ minimum: 2, filled: [], requested: 5000 })).toBe(MAX_OPERATORS);
    expect(slotCount({ minimum: 2, filled: [], requested: -3 })).toBe(2);
    expect(slotCount({ minimum: 2, filled: [], requested: Number.NaN })).toBe(2);
  });

  it('ACC-1: sending needs at least the policy’s minimum, citing the clause when there is one', () => {
    expect(texts(check({ slots: [SAM] }))).toEqual([`Name at least 2 operators: your policy (${CITE}) requires 2`]);
    expect(texts(check({ slots: [] }))).toEqual([`Name at least 2 operators: your policy (${CITE}) requires 2`]);
    expect(texts(check({ slots: ['', ''] }))).toEqual([`Name at least 2 operators: your policy (${CITE}) requires 2`]);
    expect(texts(check({ slots: [SAM, JO], minimum: 3 }))).toEqual([
      `Name at least 3 operators: your policy (${CITE}) requires 3`,
    ]);
    expect(texts(check({ slots: [SAM], citation: undefined }))).toEqual([
      'Name at least 2 operators: your policy requires 2',
    ]);
    expect(texts(check({ slots: [], minimum: 1 }))).toEqual([
      `Name at least 1 operator: your policy (${CITE}) requires 1`,
    ]);
    expect(check({ slots: [SAM], minimum: 1 }).errors).toEqual([]);
    expect(minimumMessage(4, undefined)).toBe('Name at least 4 operators: your policy requires 4');
    // The error takes the reader to the first list.
    expect(check({ slots: [SAM] }).errors[0]!.href).toBe('#operator-1');
  });

  it('ACC-1: a draft may name fewer than the minimum and no lead', () => {
    expect(check({ mode: 'draft', slots: [] })).toEqual({ operators: [], errors: [] });
    expect(check({ mode: 'draft', slots: ['', SAM] })).toEqual({
      operators: [{ personId: SAM, isLead: false }],
      errors: [],
    });
    expect(check({ mode: 'draft', slots: [SAM] })).toEqual({
      operators: [{ personId: SAM, isLead: true }],
      errors: [],
    });
  });

  it('ACC-1: sending needs a lead operator in the first list', () => {
    expect(check({ slots: ['', SAM, JO] }).errors).toEqual([
      { href: '#operator-1', text: 'Choose the lead operator: the person who answers for the account day to day' },
    ]);
    expect(check({ slots: ['  ', SAM, JO] }).operators).toEqual([
      { personId: SAM, isLead: false },
      { personId: JO, isLead: false },
    ]);
    // With nobody named, only the minimum is reported.
    expect(texts(check({ slots: [] }))).toEqual([`Name at least 2 operators: your policy (${CITE}) requires 2`]);
  });

  it('ACC-1: the same person twice is refused, at the list that repeats them, in drafts too', () => {
    for (const mode of ['send', 'draft'] as const) {
      const result = check({ mode, slots: [SAM, JO, SAM] });
      expect(result.errors).toEqual([
        { href: '#operator-3', text: 'Sam Patel is named more than once: name each operator once' },
      ]);
      expect(result.operators).toEqual([
        { personId: SAM, isLead: true },
        { personId: JO, isLead: false },
      ]);
    }
    // Two of the same is one person, so short of a minimum of two.
    expect(texts(check({ slots: [SAM, SAM] }))).toEqual([
      'Sam Patel is named more than once: name each operator once',
      `Name at least 2 operators: your policy (${CITE}) requires 2`,
    ]);
  });

  it('ACC-1, ORG-1: anyone who is not one of the school’s people is refused, however the id looks', () => {
    for (const stranger of [OUTSIDER, 'not-an-id', '1', "'; DROP TABLE person; --"]) {
      for (const mode of ['send', 'draft'] as const) {
        const result = check({ mode, slots: [SAM, stranger, JO] });
        expect(result.errors, `${mode} ${stranger}`).toEqual([
          { href: '#operator-2', text: 'Choose operators from the people of Alder Primary' },
        ]);
        expect(result.operators.map((o) => o.personId)).toEqual([SAM, JO]);
      }
    }
    // Said once however many lists hold a stranger.
    expect(texts(check({ slots: [SAM, OUTSIDER, 'x'], minimum: 1 }))).toEqual([
      'Choose operators from the people of Alder Primary',
    ]);
    // A stranger in the lead's list is not made an operator, nor anyone else the lead.
    expect(check({ slots: [OUTSIDER, SAM], mode: 'draft' }).operators).toEqual([{ personId: SAM, isLead: false }]);
  });

  it('ACC-1, ACC-5: someone who has left is refused from their leaving date on; someone leaving later may still be named', () => {
    expect(check({ slots: [SAM, GONE] }).errors).toEqual([
      { href: '#operator-2', text: 'Gail Gone left on 31 August 2026: choose someone who is still at the school' },
    ]);
    expect(check({ slots: [SAM, GONE], mode: 'draft' }).errors).toHaveLength(1);
    expect(check({ slots: [SAM, LEAVING] }).errors).toEqual([]);
    expect(check({ slots: [SAM, LEAVING], today: '2026-11-19' }).errors).toEqual([
      { href: '#operator-2', text: 'Lee Leaving left on 19 November 2026: choose someone who is still at the school' },
    ]);
  });

  it('ACC-1: more than the most operators an account may have is refused', () => {
    const many = new Map(people);
    const ids = Array.from(
      { length: MAX_OPERATORS + 1 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    for (const id of ids) many.set(id, { id, name: `Person ${id.slice(-3)}`, leavingDate: null });
    expect(texts(check({ slots: ids, people: many }))).toEqual([`Name no more than ${MAX_OPERATORS} operators`]);
    expect(check({ slots: ids.slice(0, MAX_OPERATORS), people: many }).errors).toEqual([]);
  });

  it('ACC-1: every problem is reported at once, in the order of the lists', () => {
    expect(texts(check({ slots: ['', OUTSIDER, GONE, JO, JO] }))).toEqual([
      'Choose operators from the people of Alder Primary',
      'Gail Gone left on 31 August 2026: choose someone who is still at the school',
      'Jo Okafor is named more than once: name each operator once',
      'Choose the lead operator: the person who answers for the account day to day',
    ]);
  });
});
