import { describe, expect, it } from 'vitest';
import { addRefusals, leadRefusals, removeRefusals, type AddFacts } from './operators.ts';

const sam = { id: 'sam', name: 'Sam Patel', leavingDate: null };
const facts = (over: Partial<AddFacts> = {}): AddFacts => ({
  today: '2027-01-10',
  chosen: 'sam',
  person: sam,
  currentPersonIds: ['ann', 'bob'],
  eligibility: { eligible: true },
  ...over,
});
const texts = (f: AddFacts) => addRefusals(f).map((e) => e.text);

describe('who can be added to, taken off or made lead of an account (ACC-3, ACC-5)', () => {
  it('ACC-3: one of the school’s people the policy allows can be added', () => {
    expect(addRefusals(facts())).toEqual([]);
  });

  it('ACC-3: nobody chosen, or someone not of this school (another school, another trust, a made-up id)', () => {
    expect(texts(facts({ chosen: '', person: undefined }))).toEqual(['Select the person to add']);
    expect(texts(facts({ chosen: 'elsewhere', person: undefined }))).toEqual([
      'Select one of this school’s people from the list',
    ]);
  });

  it('ACC-5: someone who has left cannot be added, from their leaving date on', () => {
    expect(texts(facts({ person: { ...sam, leavingDate: '2027-01-10' } }))).toEqual([
      'Sam Patel left the school on 10 January 2027, so cannot run the account',
    ]);
    expect(texts(facts({ person: { ...sam, leavingDate: '2026-08-31' } }))).toEqual([
      'Sam Patel left the school on 31 August 2026, so cannot run the account',
    ]);
    expect(addRefusals(facts({ person: { ...sam, leavingDate: '2027-01-11' } }))).toEqual([]); // leaving tomorrow: still here today
  });

  it('ACC-3: someone already running it, and someone the policy does not allow, are refused by name', () => {
    expect(texts(facts({ currentPersonIds: ['ann', 'sam'] }))).toEqual(['Sam Patel already runs this account']);
    expect(
      texts(
        facts({
          eligibility: {
            eligible: false,
            reasons: [
              'Has not signed version 2 of the social media policy',
              'Has not completed ‘Running an official school account’',
            ],
          },
        }),
      ),
    ).toEqual([
      'Sam Patel cannot run an official account yet: has not signed version 2 of the social media policy',
      'Sam Patel cannot run an official account yet: has not completed ‘Running an official school account’',
    ]);
    for (const e of addRefusals(facts({ eligibility: { eligible: false, reasons: ['X'] } })))
      expect(e.href).toBe('#personId');
  });

  it('ACC-5: taking someone off needs a reason; a new lead is optional but must be one of the others', () => {
    const base = { reason: 'Moved to Year 3', isLead: true, newLead: '', otherOperatorIds: ['o2', 'o3'] };
    expect(removeRefusals(base)).toEqual([]); // the last lead may go with nobody named: a no-lead handover opens
    expect(removeRefusals({ ...base, newLead: 'o2' })).toEqual([]);
    expect(removeRefusals({ ...base, reason: '  ' }).map((e) => e.text)).toEqual([
      'Enter why they are no longer running the account',
    ]);
    expect(removeRefusals({ ...base, reason: 'x'.repeat(501) }).map((e) => e.text)).toEqual([
      'The reason must be 500 characters or fewer',
    ]);
    expect(removeRefusals({ ...base, newLead: 'o9' }).map((e) => e.text)).toEqual([
      'Select who takes over as lead from the list',
    ]);
    expect(removeRefusals({ ...base, isLead: false, newLead: 'o2' }).map((e) => e.text)).toEqual([
      'Select who takes over as lead from the list',
    ]);
  });

  it('ACC-5: the lead can pass to another current operator only', () => {
    const operators = [
      { id: 'o1', name: 'Ann Lee', isLead: true },
      { id: 'o2', name: 'Bob Ray', isLead: false },
    ];
    expect(leadRefusals({ chosen: 'o2', operators })).toEqual([]);
    expect(leadRefusals({ chosen: '', operators }).map((e) => e.text)).toEqual([
      'Select who should be the lead operator',
    ]);
    expect(leadRefusals({ chosen: 'o1', operators }).map((e) => e.text)).toEqual([
      'Ann Lee is already the lead operator',
    ]);
    expect(leadRefusals({ chosen: 'o7', operators }).map((e) => e.text)).toEqual([
      'Select one of the people running the account',
    ]);
  });
});
