import { describe, expect, it } from 'vitest';
import { mayEditApplication, mayOpenApplication } from './access.ts';

const base = {
  viewerId: 'me',
  permissions: new Set<string>(['accounts.apply']),
  applicantId: 'applicant',
  operatorIds: ['op1', 'op2'],
};

describe('ACC-1: who may open and change an application', () => {
  it('ACC-1: the applicant and the named operators open it; a colleague with only accounts.apply does not', () => {
    expect(mayOpenApplication({ ...base, viewerId: 'applicant' })).toBe(true);
    expect(mayOpenApplication({ ...base, viewerId: 'op2' })).toBe(true);
    expect(mayOpenApplication(base)).toBe(false);
    expect(mayOpenApplication({ ...base, permissions: new Set() })).toBe(false);
    expect(
      mayOpenApplication({
        ...base,
        permissions: new Set(['accounts.manage', 'accounts.secrets.reveal', 'staff.view']),
      }),
    ).toBe(false);
  });

  it('ACC-2, ACC-6: those who see, decide or approve accounts open it', () => {
    for (const permission of ['accounts.view', 'accounts.decide', 'accounts.approve']) {
      expect(mayOpenApplication({ ...base, permissions: new Set([permission]) }), permission).toBe(true);
    }
  });

  it('ACC-1: only the applicant changes it, and only as a draft', () => {
    expect(mayEditApplication({ viewerId: 'applicant', applicantId: 'applicant', status: 'draft' })).toBe(true);
    for (const status of ['proposed', 'endorsed', 'approved', 'rejected', 'active', 'under_review', 'closed']) {
      expect(mayEditApplication({ viewerId: 'applicant', applicantId: 'applicant', status }), status).toBe(false);
    }
    expect(mayEditApplication({ viewerId: 'op1', applicantId: 'applicant', status: 'draft' })).toBe(false);
  });
});
