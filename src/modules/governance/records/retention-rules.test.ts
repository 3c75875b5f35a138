import { describe, expect, it } from 'vitest';
import { expiryCutoff, readMonths, retentionType, RETENTION_TYPES } from './retention-rules.ts';

describe('retention periods (GOV-3)', () => {
  const mail = retentionType('mail')!;
  const evidence = retentionType('case-evidence')!;

  it('GOV-3: 0 months and a thousand years are refused with messages that say what is allowed', () => {
    expect(readMonths(mail, '0')).toEqual({
      error: 'Emails sent by Postwarden cannot be kept for 0 months: the shortest period is 1 month',
    });
    expect(readMonths(evidence, '12000')).toEqual({
      error: 'Evidence files and links in closed concerns can be kept for at most 100 years',
    });
    expect(readMonths(mail, '121')).toMatchObject({ error: expect.stringContaining('at most 10 years') });
    expect(readMonths(mail, 'twelve')).toMatchObject({ error: expect.stringContaining('whole number') });
    expect(readMonths(mail, '-3')).toMatchObject({ error: expect.stringContaining('whole number') });
    expect(readMonths(mail, '1.5')).toMatchObject({ error: expect.stringContaining('whole number') });
  });

  it('GOV-3: child-protection records cannot be set shorter than a year', () => {
    expect(readMonths(evidence, '6')).toEqual({
      error: 'Evidence files and links in closed concerns must be kept for at least 1 year (child-protection records)',
    });
    expect(readMonths(evidence, '12')).toEqual({ months: 12 });
    expect(readMonths(mail, ' 24 ')).toEqual({ months: 24 });
  });

  it('GOV-3: every type has a default within its own limits', () => {
    for (const t of RETENTION_TYPES) {
      expect(t.defaultMonths).toBeGreaterThanOrEqual(t.minMonths);
      expect(t.defaultMonths).toBeLessThanOrEqual(t.maxMonths);
      expect(t.minMonths).toBeGreaterThanOrEqual(1);
    }
  });

  it('GOV-3: the cut-off is the period before now', () => {
    expect(expiryCutoff(new Date('2026-11-18T10:00:00Z'), 12).toISOString()).toBe('2025-11-18T10:00:00.000Z');
    expect(expiryCutoff(new Date('2026-11-18T10:00:00Z'), 72).toISOString()).toBe('2020-11-18T10:00:00.000Z');
  });
});
