import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { confidential } from './confidential.ts';

const check = (text: string, extra?: string[]) => confidential({ text }, testContext({ extraConfidentialTerms: extra }));

describe('confidential', () => {
  test('PUB-2: confidential matters advise, or block for the gravest, one finding per sentence', () => {
    const text = 'Mrs Patel is off sick with stress. The pupil has been permanently excluded and the police investigation continues.';
    const findings = check(text);
    expect(findings.map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['off sick'], 'advisory'],
      [['excluded', 'police investigation'], 'blocking'],
    ]);
    expect(findings[0]!.clauseKey).toBe('prohibited.confidential');
  });

  test('PUB-2: complaints, disputes, inspections before publication and unannounced plans', () => {
    const text = 'A complaint about the trip. The tribunal decides soon. The verbal feedback was great. Don’t tell anyone, but we are merging.';
    expect(check(text).map((f) => words(text, f.spans))).toEqual([['complaint'], ['tribunal'], ['verbal feedback'], ['Don’t tell anyone']]);
  });

  test('PUB-2: policies and published reports are not confidential', () => {
    expect(check('Our complaints procedure is on the website. Our Ofsted report has been published.')).toEqual([]);
  });

  test('PUB-2: the school can extend the list, with the same syntax', () => {
    const text = 'The Kestrel Road site sale is going ahead.';
    expect(check(text)).toEqual([]);
    expect(check(text, ['site sale']).map((f) => [words(text, f.spans), f.severity])).toEqual([[['site sale'], 'advisory']]);
    expect(check(text, ['!site sale'])[0]!.severity).toBe('blocking');
  });
});
