import { describe, expect, it } from 'vitest';
import { closeRefusal, dueRefusal, outcomeRefusal, policeReportRefusal, type GateFacts } from './gates.ts';

const open: GateFacts = {
  kind: 'staff-misuse',
  status: 'open',
  ladoAdviceRecorded: false,
  openActions: 0,
  breach: false,
  breachDecided: false,
};

describe('what a case refuses (INC-3, INC-4, INC-6)', () => {
  it('INC-4: no outcome on an allegation about an adult before the LADO’s advice; allowed after it', () => {
    const allegation = { ...open, kind: 'allegation-adult' };
    expect(outcomeRefusal(allegation)).toMatch(/LADO’s advice first/);
    expect(outcomeRefusal({ ...allegation, ladoAdviceRecorded: true })).toBeNull();
    expect(outcomeRefusal(open)).toBeNull();
    expect(outcomeRefusal({ ...open, status: 'closed' })).toMatch(/closed/);
  });

  it('INC-6: a case closes only with no open actions, a breach decision if it is a possible breach, and at least one outcome', () => {
    expect(closeRefusal({ ...open, openActions: 2 }, 1)).toMatch(/2 actions still open/);
    expect(closeRefusal({ ...open, openActions: 1 }, 1)).toMatch(/1 action still open/);
    expect(closeRefusal({ ...open, breach: true }, 1)).toMatch(/ICO/);
    expect(closeRefusal({ ...open, breach: true, breachDecided: true }, 1)).toBeNull();
    expect(closeRefusal(open, 0)).toMatch(/at least one outcome/);
    expect(closeRefusal(open, 1)).toBeNull();
    expect(closeRefusal({ ...open, status: 'closed' }, 1)).toMatch(/already closed/);
    expect(closeRefusal({ ...open, kind: 'allegation-adult' }, 1)).toMatch(/LADO/);
  });

  it('INC-3: the police are told where it may be unlawful, and otherwise only with the staff member’s consent', () => {
    expect(policeReportRefusal({ unlawful: true, consent: 'refused' })).toBeNull();
    expect(policeReportRefusal({ unlawful: true, consent: 'not-asked' })).toBeNull();
    expect(policeReportRefusal({ unlawful: false, consent: 'given' })).toBeNull();
    expect(policeReportRefusal({ unlawful: false, consent: 'refused' })).toMatch(/not agreed/);
    expect(policeReportRefusal({ unlawful: false, consent: 'not-asked' })).toMatch(/Record whether/);
  });

  it('INC-3: a due date set by hand must be in the future', () => {
    const now = new Date('2026-11-18T10:00:00Z');
    expect(dueRefusal(new Date('2026-11-18T09:59:59Z'), now)).toMatch(/future/);
    expect(dueRefusal(now, now)).toMatch(/future/);
    expect(dueRefusal(new Date('2026-11-18T10:00:01Z'), now)).toBeNull();
  });
});
