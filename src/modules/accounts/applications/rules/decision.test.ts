import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../../platform/db/schema.ts';
import { STATUS_ORDER } from '../../model.ts';
import {
  approvalBlockers,
  approvesBothSteps,
  checkDecisionForm,
  stepRefusal,
  STEPS,
  whoMayDecide,
  type ApprovalFacts,
  type StepFacts,
} from './decision.ts';

const base: StepFacts = {
  step: 'slt',
  status: 'proposed',
  viewerId: 'slt',
  applicantId: 'teacher',
  operatorIds: ['sam', 'jo'],
  headTitle: 'Head of School',
};

describe('ACC-2: deciding an application', () => {
  it('ACC-2: SLT decides only what awaits SLT, the head only what SLT has approved', () => {
    const expected: Record<'slt' | 'head', Partial<Record<AccountStatus, string | undefined>>> = {
      slt: {
        draft:
          'This application is not waiting for a decision from the senior leadership team: it has not been sent for a decision yet',
        proposed: undefined,
        endorsed:
          'This application is not waiting for a decision from the senior leadership team: the senior leadership team has already approved it',
        approved:
          'This application is not waiting for a decision from the senior leadership team: it has already been approved',
        rejected:
          'This application is not waiting for a decision from the senior leadership team: it has been rejected',
        active:
          'This application is not waiting for a decision from the senior leadership team: the account has already been set up',
        under_review:
          'This application is not waiting for a decision from the senior leadership team: the account has already been set up',
        closed:
          'This application is not waiting for a decision from the senior leadership team: the account has been closed',
      },
      head: {
        draft:
          'This application is not waiting for the Head of School’s approval: it has not been sent for a decision yet',
        proposed:
          'The senior leadership team has not approved this application yet: it needs their approval before the Head of School’s approval',
        endorsed: undefined,
        approved: 'This application is not waiting for the Head of School’s approval: it has already been approved',
        rejected: 'This application is not waiting for the Head of School’s approval: it has been rejected',
        active:
          'This application is not waiting for the Head of School’s approval: the account has already been set up',
        under_review:
          'This application is not waiting for the Head of School’s approval: the account has already been set up',
        closed: 'This application is not waiting for the Head of School’s approval: the account has been closed',
      },
    };
    for (const step of ['slt', 'head'] as const) {
      for (const status of STATUS_ORDER)
        expect(stepRefusal({ ...base, step, status }), `${step} ${status}`).toBe(expected[step][status]);
    }
    expect(STEPS.slt).toMatchObject({ awaiting: 'proposed', approved: 'endorsed' });
    expect(STEPS.head).toMatchObject({ awaiting: 'endorsed', approved: 'approved' });
  });

  it('ACC-2: nobody decides their own application, at either step', () => {
    expect(stepRefusal({ ...base, viewerId: 'teacher' })).toBe(
      'You applied for this account, so another member of the senior leadership team must decide it',
    );
    expect(stepRefusal({ ...base, step: 'head', status: 'endorsed', viewerId: 'teacher' })).toBe(
      'You applied for this account, so you cannot give the Head of School’s approval for it',
    );
    // An applicant who also named themselves as an operator gets the applicant's message.
    expect(stepRefusal({ ...base, viewerId: 'sam', applicantId: 'sam' })).toBe(
      'You applied for this account, so another member of the senior leadership team must decide it',
    );
  });

  it('ACC-2: a named operator steps aside from the SLT decision, not from the head’s approval', () => {
    expect(stepRefusal({ ...base, viewerId: 'jo' })).toBe(
      'You are named to run this account, so another member of the senior leadership team must decide it',
    );
    expect(stepRefusal({ ...base, step: 'head', status: 'endorsed', viewerId: 'jo' })).toBeUndefined();
    expect(stepRefusal({ ...base, step: 'head', status: 'endorsed', viewerId: 'head' })).toBeUndefined();
  });

  it('ACC-2: the status is checked before who is asking, so the message says what is wrong first', () => {
    expect(stepRefusal({ ...base, status: 'rejected', viewerId: 'teacher' })).toBe(
      'This application is not waiting for a decision from the senior leadership team: it has been rejected',
    );
  });

  it('ACC-2: a decision is approve or reject; a rejection needs a reason; reasons have a limit', () => {
    expect(checkDecisionForm({ decision: 'approve', reason: '' })).toEqual({
      value: { outcome: 'approve', reason: null },
      errors: [],
    });
    expect(checkDecisionForm({ decision: 'approve', reason: '  Good plan  ' })).toEqual({
      value: { outcome: 'approve', reason: 'Good plan' },
      errors: [],
    });
    expect(checkDecisionForm({ decision: 'reject', reason: 'Use the main account' })).toEqual({
      value: { outcome: 'reject', reason: 'Use the main account' },
      errors: [],
    });
    expect(checkDecisionForm({ decision: 'reject', reason: ' \n ' })).toEqual({
      errors: [{ href: '#reason', text: 'Enter why you are rejecting the application: the applicant will see it' }],
    });
    for (const decision of ['', 'yes', 'APPROVE', 'endorse']) {
      expect(checkDecisionForm({ decision, reason: 'x' }).errors, decision).toEqual([
        { href: '#decision', text: 'Select whether you approve or reject the application' },
      ]);
    }
    expect(checkDecisionForm({ decision: 'reject', reason: 'r'.repeat(2000) }).errors).toEqual([]);
    expect(checkDecisionForm({ decision: 'approve', reason: 'r'.repeat(2001) }).errors).toEqual([
      { href: '#reason', text: 'The reason must be 2,000 characters or fewer' },
    ]);
  });
});

describe('ACC-3, ACC-7: what stops an approval', () => {
  const ready: ApprovalFacts = {
    businessUseNotPermitted: false,
    minimum: 2,
    operatorsCitation: '§7.3 Who runs an account',
    operators: [
      { name: 'Sam Patel', isLead: true, reasons: [] },
      { name: 'Jo Okafor', isLead: false, reasons: [] },
    ],
  };

  it('ACC-3: nothing stops an application whose operators are all eligible, enough, with a lead', () => {
    expect(approvalBlockers(ready)).toEqual([]);
  });

  it('ACC-3: each reason an operator is not eligible, as a sentence naming them', () => {
    expect(
      approvalBlockers({
        ...ready,
        operators: [
          {
            name: 'Sam Patel',
            isLead: true,
            reasons: [
              'Has not signed version 2 of the social media policy',
              'Has not completed ‘Running an official school account’',
            ],
          },
          { name: 'Jo Okafor', isLead: false, reasons: ['Left on 31 August 2026'] },
        ],
      }),
    ).toEqual([
      'Sam Patel has not signed version 2 of the social media policy',
      'Sam Patel has not completed ‘Running an official school account’',
      'Jo Okafor left on 31 August 2026',
    ]);
  });

  it('ACC-3: what is missing for everyone is said once, before what each person lacks', () => {
    const noPolicy = 'There is no approved social media policy in force yet, so nobody can have signed it';
    const noCourse =
      'The policy says operators must be trained first, but no training course is marked as required for account operators';
    expect(
      approvalBlockers({
        ...ready,
        operators: [
          { name: 'Sam Patel', isLead: true, reasons: [noPolicy, noCourse] },
          { name: 'Jo Okafor', isLead: false, reasons: ['Left on 31 August 2026', noPolicy, noCourse] },
        ],
      }),
    ).toEqual([noPolicy, noCourse, 'Jo Okafor left on 31 August 2026']);
  });

  it('ACC-1: too few operators, or none marked lead', () => {
    expect(approvalBlockers({ ...ready, operators: [ready.operators[0]!] })).toEqual([
      'This application names 1 operator: your policy (§7.3 Who runs an account) requires at least 2',
    ]);
    expect(approvalBlockers({ ...ready, operators: [], operatorsCitation: undefined })).toEqual([
      'This application names 0 operators: your policy requires at least 2',
    ]);
    expect(approvalBlockers({ ...ready, operators: ready.operators.map((o) => ({ ...o, isLead: false })) })).toEqual([
      'None of the operators is marked as the lead',
    ]);
  });

  it('ACC-7: when business use is not permitted, that comes first, citing the clause', () => {
    expect(
      approvalBlockers({
        ...ready,
        businessUseNotPermitted: true,
        businessUseCitation: '§4.2 No one speaks for the school on social media',
      }),
    ).toEqual([
      'Your school’s policy (§4.2 No one speaks for the school on social media) does not permit official social media accounts, so no application can be approved',
    ]);
    expect(approvalBlockers({ ...ready, businessUseNotPermitted: true, operators: [] })[0]).toBe(
      'Your school’s policy does not permit official social media accounts, so no application can be approved',
    );
  });
});

describe('ACC-2, issue 8.3: who is told, and the head deciding for SLT', () => {
  const people = [{ id: 'slt' }, { id: 'teacher' }, { id: 'sam' }, { id: 'head' }, { id: 'slt' }];
  const facts = { applicantId: 'teacher', operatorIds: ['sam', 'jo'], headTitle: 'Head of School' };

  it('ACC-2: at the SLT step, everyone who may decide except the applicant and the named operators, each once', () => {
    expect(whoMayDecide(people, { ...facts, step: 'slt' }).map((p) => p.id)).toEqual(['slt', 'head']);
  });

  it('ACC-2: at the head’s step, a named operator may give the approval; the applicant may not', () => {
    expect(whoMayDecide(people, { ...facts, step: 'head' }).map((p) => p.id)).toEqual(['slt', 'sam', 'head']);
    expect(whoMayDecide([{ id: 'teacher' }], { ...facts, step: 'head' })).toEqual([]);
  });

  it('issue 8.3: the head’s approval at the SLT step is the final one; anyone else’s sends it on', () => {
    expect(approvesBothSteps('slt', true)).toBe(true);
    expect(approvesBothSteps('slt', false)).toBe(false);
    expect(approvesBothSteps('head', true)).toBe(false);
    expect(approvesBothSteps('head', false)).toBe(false);
  });
});
