import { describe, expect, it } from 'vitest';
import { STATUS_ORDER } from '../../model.ts';
import { accountActions, mayStoreCredentials, mayViewAccount, setupMode } from './access.ts';

const ME = 'me';
const ID = '0b7f6c7e-8a1d-4d55-9a43-0d8e4a1f2b3c';

describe('who sees an account and what they may do (ACC-6)', () => {
  it('ACC-6: the register’s readers, the applicant and the current operators see the account; nobody else does', () => {
    const none = new Set<string>();
    expect(
      mayViewAccount({ viewerId: ME, permissions: new Set(['accounts.view']), applicantId: 'x', operatorIds: [] }),
    ).toBe(true);
    expect(mayViewAccount({ viewerId: ME, permissions: none, applicantId: ME, operatorIds: [] })).toBe(true);
    expect(mayViewAccount({ viewerId: ME, permissions: none, applicantId: 'x', operatorIds: ['y', ME] })).toBe(true);
    expect(
      mayViewAccount({
        viewerId: ME,
        permissions: new Set(['accounts.apply', 'accounts.manage']),
        applicantId: 'x',
        operatorIds: ['y'],
      }),
    ).toBe(false);
  });

  it('ACC-6: an approved account is set up, a live one edited, and no other status has a set-up page', () => {
    for (const status of STATUS_ORDER) {
      expect(setupMode(status), status).toBe(
        status === 'approved' ? 'set-up' : status === 'active' || status === 'under_review' ? 'edit' : undefined,
      );
      expect(mayStoreCredentials(status), status).toBe(['approved', 'active', 'under_review'].includes(status));
    }
  });

  it('ACC-6: the actions offered follow the viewer’s permissions, the account’s status and where they are working', () => {
    const admin = new Set(['accounts.view', 'accounts.manage', 'accounts.secrets.reveal']);
    const hrefs = (extra: Partial<Parameters<typeof accountActions>[0]>) =>
      accountActions({
        id: ID,
        status: 'active',
        permissions: admin,
        inSchool: true,
        hasSecret: true,
        openHandover: false,
        isOperator: false,
        ...extra,
      }).map((a) => a.href.replace(`/accounts/${ID}`, ''));
    expect(hrefs({})).toEqual([
      '/setup',
      '/monitoring-check',
      '/credentials',
      '/credentials/reveal',
      '/operators',
      '/review',
      '/close',
      '/application',
    ]);
    expect(hrefs({ openHandover: true })).toContain('/handover');
    expect(hrefs({ status: 'approved', hasSecret: false })).toEqual(['/setup', '/credentials', '/application']);
    expect(hrefs({ status: 'closed' })).toEqual(['/credentials/reveal', '/application']);
    expect(hrefs({ status: 'proposed', hasSecret: false })).toEqual(['/application']);
    expect(hrefs({ inSchool: false })).toEqual(['/application']);
    expect(hrefs({ permissions: new Set(['accounts.view']) })).toEqual(['/application']);
    expect(hrefs({ permissions: new Set(['accounts.secrets.reveal']) })).toEqual([
      '/credentials/reveal',
      '/application',
    ]);
    // Operators record their checks of a live account; nobody checks one that is not live.
    expect(hrefs({ permissions: new Set(['accounts.apply']), isOperator: true })).toEqual([
      '/monitoring-check',
      '/application',
    ]);
    expect(hrefs({ permissions: new Set(['accounts.apply']), isOperator: true, status: 'closed' })).toEqual([
      '/application',
    ]);
    expect(hrefs({ permissions: new Set(['accounts.apply']), isOperator: true, inSchool: false })).toEqual([
      '/application',
    ]);
    const words = accountActions({
      id: ID,
      status: 'active',
      permissions: admin,
      inSchool: true,
      hasSecret: false,
      openHandover: false,
      isOperator: false,
    }).map((a) => a.text);
    expect(words).toContain('Store the sign-in details');
    expect(words).not.toContain('Reveal the sign-in details');
  });
});
