import { describe, expect, it } from 'vitest';
import { STATUS_ORDER } from '../../model.ts';
import {
  handoversCalledFor,
  hasLeft,
  leftHandover,
  leftReason,
  removedHandover,
  resolveRefusals,
  stillMissing,
  type OperatorFact,
} from './handovers.ts';

const op = (n: number, isLead = false): OperatorFact => ({ personId: `p${n}`, name: `Person ${n}`, isLead });
const team = (count: number, lead: boolean) => Array.from({ length: count }, (_, i) => op(i + 1, lead && i === 0));

describe('what handovers an account’s state calls for (ACC-5)', () => {
  it('ACC-5: a live account with enough operators and a lead needs nothing', () => {
    expect(handoversCalledFor({ status: 'active', minimumOperators: 2, operators: team(2, true) })).toEqual([]);
    expect(handoversCalledFor({ status: 'under_review', minimumOperators: 2, operators: team(3, true) })).toEqual([]);
  });

  it('ACC-5: too few operators opens below-minimum, saying how many run it and how many the policy needs', () => {
    expect(handoversCalledFor({ status: 'active', minimumOperators: 2, operators: team(1, true) })).toEqual([
      { reason: 'below-minimum', personId: null, detail: '1 person runs the account; the policy needs at least 2' },
    ]);
    expect(handoversCalledFor({ status: 'active', minimumOperators: 4, operators: team(3, true) })).toEqual([
      { reason: 'below-minimum', personId: null, detail: '3 people run the account; the policy needs at least 4' },
    ]);
  });

  it('ACC-5: no lead opens no-lead; nobody at all opens both', () => {
    expect(handoversCalledFor({ status: 'active', minimumOperators: 2, operators: team(2, false) })).toEqual([
      { reason: 'no-lead', personId: null, detail: 'Nobody is the lead operator' },
    ]);
    expect(handoversCalledFor({ status: 'active', minimumOperators: 1, operators: [] })).toEqual([
      { reason: 'below-minimum', personId: null, detail: 'Nobody runs the account; the policy needs at least 1' },
      { reason: 'no-lead', personId: null, detail: 'Nobody is the lead operator' },
    ]);
  });

  it('ACC-5: every status, team size, minimum and lead: only live accounts call for handovers, exactly when short or leaderless', () => {
    for (const status of STATUS_ORDER) {
      for (let minimum = 1; minimum <= 5; minimum++) {
        for (let count = 0; count <= 6; count++) {
          for (const lead of [true, false]) {
            const reasons = handoversCalledFor({ status, minimumOperators: minimum, operators: team(count, lead) }).map(
              (n) => n.reason,
            );
            const live = status === 'active' || status === 'under_review';
            const hasLead = lead && count > 0;
            const expected = live
              ? [...(count < minimum ? ['below-minimum'] : []), ...(hasLead ? [] : ['no-lead'])]
              : [];
            expect(reasons, `${status} ${count}/${minimum} lead=${lead}`).toEqual(expected);
            // …and what is still missing before a handover can be done says the same, whatever the status.
            const missing = stillMissing({ minimumOperators: minimum, operators: team(count, lead) });
            expect(missing.length).toBe((count < minimum ? 1 : 0) + (hasLead ? 0 : 1));
          }
        }
      }
    }
  });

  it('ACC-5: an operator has left on their leaving date, not the day before', () => {
    expect(hasLeft('2027-08-31', '2027-08-30')).toBe(false);
    expect(hasLeft('2027-08-31', '2027-08-31')).toBe(true);
    expect(hasLeft('2027-08-31', '2027-09-01')).toBe(true);
    expect(hasLeft(null, '2099-01-01')).toBe(false);
  });

  it('ACC-5: the words a leaver and a removal leave on the record', () => {
    expect(leftReason('2027-08-31')).toBe('Left the school on 31 August 2027');
    expect(leftHandover({ personId: 'p1', name: 'Sam Patel' }, '2027-08-31')).toEqual({
      reason: 'operator-left',
      personId: 'p1',
      detail: 'Sam Patel left the school on 31 August 2027',
    });
    expect(removedHandover({ personId: 'p2', name: 'Ray Jones' }, 'Moved to Year 3')).toEqual({
      reason: 'operator-removed',
      personId: 'p2',
      detail: 'Ray Jones was removed: Moved to Year 3',
    });
  });

  it('ACC-5: what is still missing is said plainly', () => {
    expect(stillMissing({ minimumOperators: 2, operators: [op(1, true)] })).toEqual([
      'Add another operator: the policy needs at least 2 people running each account',
    ]);
    expect(stillMissing({ minimumOperators: 3, operators: [op(1, false)] })).toEqual([
      'Add 2 more operators: the policy needs at least 3 people running each account',
      'Make one of the operators the lead operator',
    ]);
    expect(stillMissing({ minimumOperators: 2, operators: team(2, true) })).toEqual([]);
  });

  it('ACC-5: a handover is done only when confirmed, with enough operators and a lead', () => {
    const texts = (f: Parameters<typeof resolveRefusals>[0]) => resolveRefusals(f).map((e) => `${e.href} ${e.text}`);
    expect(texts({ confirmed: true, openCount: 1, minimumOperators: 2, operators: team(2, true) })).toEqual([]);
    expect(texts({ confirmed: false, openCount: 1, minimumOperators: 2, operators: team(2, true) })).toEqual([
      '#confirmed Confirm that the handover is done',
    ]);
    expect(texts({ confirmed: true, openCount: 2, minimumOperators: 2, operators: team(1, false) })).toEqual([
      '#add-operator Add another operator: the policy needs at least 2 people running each account',
      '#change-lead Make one of the operators the lead operator',
    ]);
    expect(texts({ confirmed: false, openCount: 1, minimumOperators: 2, operators: team(2, false) })).toEqual([
      '#confirmed Confirm that the handover is done',
      '#change-lead Make one of the operators the lead operator',
    ]);
    expect(texts({ confirmed: true, openCount: 0, minimumOperators: 2, operators: team(0, false) })).toEqual([
      '#confirmed There is no open handover for this account',
    ]);
  });
});
