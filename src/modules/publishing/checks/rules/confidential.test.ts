import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { confidential } from './confidential.ts';

const check = (text: string, extra?: string[]) =>
  confidential({ text }, testContext({ extraConfidentialTerms: extra }));

describe('confidential', () => {
  test('PUB-2: confidential matters advise, or block for the gravest, one finding per sentence', () => {
    const text =
      'Mrs Patel is off sick with stress. The pupil has been permanently excluded and the police investigation continues.';
    const findings = check(text);
    expect(findings.map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['off sick'], 'advisory'],
      [['excluded', 'police investigation'], 'blocking'],
    ]);
    expect(findings[0]!.clauseKey).toBe('prohibited.confidential');
  });

  test('PUB-2: complaints, disputes, inspections before publication and unannounced plans', () => {
    const text =
      'A complaint about the trip. The tribunal decides soon. The verbal feedback was great. Don’t tell anyone, but we are merging.';
    expect(check(text).map((f) => words(text, f.spans))).toEqual([
      ['complaint'],
      ['tribunal'],
      ['verbal feedback'],
      ['Don’t tell anyone'],
    ]);
  });

  test('PUB-2: policies and published reports are not confidential', () => {
    expect(check('Our complaints procedure is on the website. Our Ofsted report has been published.')).toEqual([]);
  });

  test('PUB-2: the school can extend the list, with the same syntax', () => {
    const text = 'The Kestrel Road site sale is going ahead.';
    expect(check(text)).toEqual([]);
    expect(check(text, ['site sale']).map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['site sale'], 'advisory'],
    ]);
    expect(check(text, ['!site sale'])[0]!.severity).toBe('blocking');
  });

  const found = (text: string) => check(text).map((f) => [words(text, f.spans), f.severity]);

  test('Issue 16: someone’s health details wait for the approver to confirm the person agreed', () => {
    const text = 'Mrs Hall is off after her hip operation: there were complications and she is in hospital.';
    const findings = check(text);
    expect(findings.map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['hip operation', 'complications', 'in hospital'], 'confirm'],
    ]);
    expect(findings[0]!.confirm).toMatch(/agreed/);
    expect(found('Mr Price, our caretaker, has been diagnosed with diabetes.')).toEqual([
      [['diagnosed with'], 'confirm'],
    ]);
    expect(found('Our cook has started chemotherapy.')).toEqual([[['chemotherapy'], 'confirm']]);
  });

  test('Issue 16: not the names of charities, hospitals and campaigns, nor operations and complications that are not medical', () => {
    expect(check('We raised £480 for Cancer Research UK. Operation Christmas Child collected 84 boxes.')).toEqual([]);
    expect(check('Year 6 visited Kestrel General Hospital and met a surgeon.')).toEqual([]);
    expect(
      check('The operation of the new one-way system went well. The lunch system has had a few complications.'),
    ).toEqual([]);
    expect(check('The GP surgery will run a flu clinic in the hall.')).toEqual([]);
  });

  test('Issue 16: an inspection grade before the report is published: blocking when the post says so, otherwise confirmed by the approver', () => {
    expect(
      found(
        'Ofsted visited this week. Between us, they said we are outstanding, but we can’t say so until the report is published!',
      )[0]![1],
    ).toBe('blocking');
    const text = 'The inspectors have left and Ofsted judged us Good in every area!';
    expect(found(text)).toEqual([[['inspectors', 'Ofsted', 'Good'], 'confirm']]);
    expect(check(text)[0]!.confirm).toMatch(/report has been published/);
    expect(found('After the inspection, the lead inspector’s feedback is that we require improvement.')).toEqual([
      [['inspection', 'inspector', 'require improvement'], 'blocking'],
    ]);
  });

  test('Issue 16: a published report, a grade without an inspection, and "good" as an ordinary word are fine', () => {
    expect(
      check('Our Ofsted report has been published: we are Good in every area. Read the full report on our website.'),
    ).toEqual([]);
    expect(
      check('Thank you for your outstanding support. We have been judged outstanding by the sports partnership.'),
    ).toEqual([]);
    expect(check('Our playground inspection found the climbing frame in good condition.')).toEqual([]);
  });
});
