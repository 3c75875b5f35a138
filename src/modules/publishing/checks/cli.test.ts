import { describe, expect, test } from 'vitest';
import { runCheck } from './cli.ts';
import { PUPILS } from './test-support.ts';

const run = (text: string, json = false) =>
  runCheck({
    text,
    json,
    roster: PUPILS,
    settings: { firstNamesOnly: true },
    schoolDomains: ['kestrelhill.sch.uk'],
    today: new Date('2026-03-16T09:00:00Z'),
  });

describe('postwarden check (runCheck)', () => {
  test('PUB-2: exits 1 and says so when a finding blocks, naming the words, the line and the clause', () => {
    const { output, exitCode } = run('A good week.\nWell done Jo Smith!');
    expect(exitCode).toBe(1);
    expect(output).toContain('BLOCKS  line 2 (pupil-surname, policy clause images.first-names-only)');
    expect(output).toContain('“Jo Smith”');
    expect(output).toContain('1 finding: 1 blocking, 0 to confirm, 0 advisory.');
  });

  test('PUB-2: exits 0 when the findings only advise, or there are none', () => {
    const advisory = run('Text Dan on 07700 900461.');
    expect(advisory.exitCode).toBe(0);
    expect(advisory.output).toContain('ADVISES line 1 (contact-details');
    const clean = run('What a lovely assembly.');
    expect(clean).toEqual({
      output: 'No findings: nothing in this post goes against the policy checks.\n',
      exitCode: 0,
    });
  });

  test('PUB-2: --json gives the findings for machines, with the words and lines', () => {
    const { output, exitCode } = run('Well done Jo Smith!', true);
    expect(exitCode).toBe(1);
    const parsed = JSON.parse(output) as {
      blocking: number;
      advisory: number;
      findings: { rule: string; words: string[]; line: number; clauseKey: string }[];
    };
    expect(parsed.blocking).toBe(1);
    expect(parsed.findings[0]).toMatchObject({
      rule: 'pupil-surname',
      words: ['Jo Smith'],
      line: 1,
      clauseKey: 'images.first-names-only',
    });
  });

  test('Issue 16: a finding that waits for a person to confirm it exits 1 and says what the approver must confirm', () => {
    const { output, exitCode } = run('Star of the week: Kai!');
    expect(exitCode).toBe(1);
    expect(output).toContain('CONFIRM line 1 (never-publish, policy clause images.never-publish)');
    expect(output).toContain('The approver must confirm: “This is not the pupil on the never-publish list.”');
    expect(output).toContain('1 finding: 0 blocking, 1 to confirm, 0 advisory.');
  });
});
