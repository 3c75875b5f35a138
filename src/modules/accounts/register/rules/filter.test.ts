import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../../platform/db/schema.ts';
import {
  DEFAULT_FILTER,
  REGISTER_STATUSES,
  filterRegister,
  parseRegisterQuery,
  registerQuery,
  selectedFilters,
  sortRegister,
  type RegisterFacts,
} from './filter.ts';

const TODAY = '2026-11-18';
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

function row(name: string, extra: Partial<RegisterFacts> = {}): RegisterFacts {
  return {
    name,
    status: 'active',
    platform: 'facebook',
    schoolId: S1,
    schoolName: 'Larkfield',
    reviewDue: '2027-06-01',
    openHandover: false,
    ...extra,
  };
}

describe('register filters and sort (ACC-6)', () => {
  it('ACC-6: reads each filter from the query string, ignoring anything it does not know', () => {
    expect(parseRegisterQuery({}, null)).toEqual(DEFAULT_FILTER);
    expect(parseRegisterQuery(undefined, null)).toEqual(DEFAULT_FILTER);
    expect(
      parseRegisterQuery({ status: 'active', platform: 'bluesky', attention: '1', sort: 'review-due' }, null),
    ).toEqual({ status: 'active', platform: 'bluesky', school: '', attention: true, sort: 'review-due' });
    expect(
      parseRegisterQuery({ status: 'draft', platform: 'myspace', attention: 'yes', sort: 'DROP TABLE' }, null),
    ).toEqual(DEFAULT_FILTER);
    expect(parseRegisterQuery({ status: ['closed', 'active'] }, null).status).toBe('active');
    expect(parseRegisterQuery({ status: { nested: 'active' } }, null).status).toBe('');
  });

  it('ACC-6: the school filter and school sort exist only in the trust view, and only for the trust’s own schools', () => {
    expect(parseRegisterQuery({ school: S1, sort: 'school' }, null)).toMatchObject({ school: '', sort: 'name' });
    expect(parseRegisterQuery({ school: S1, sort: 'school' }, [S1, S2])).toMatchObject({ school: S1, sort: 'school' });
    expect(parseRegisterQuery({ school: '33333333-3333-4333-8333-333333333333' }, [S1, S2]).school).toBe('');
  });

  it('ACC-6: the register leaves out drafts, and filters by status, platform, school and needing attention', () => {
    const rows = [
      row('Draft', { status: 'draft' }),
      row('Parents page'),
      row('PE', { platform: 'instagram', schoolId: S2, schoolName: 'Harbour' }),
      row('Library', { platform: 'bluesky', reviewDue: '2026-11-01' }),
      row('Music', { platform: 'youtube', schoolId: S2, schoolName: 'Harbour', openHandover: true }),
      row('Old drama', { status: 'closed', reviewDue: '2020-01-01' }),
      row('Sixth form', { status: 'approved', reviewDue: null }),
    ];
    const names = (f: Partial<typeof DEFAULT_FILTER>) =>
      filterRegister(rows, { ...DEFAULT_FILTER, ...f }, TODAY).map((r) => r.name);
    expect(names({})).toEqual(['Parents page', 'PE', 'Library', 'Music', 'Old drama', 'Sixth form']);
    expect(names({ status: 'closed' })).toEqual(['Old drama']);
    expect(names({ platform: 'instagram' })).toEqual(['PE']);
    expect(names({ school: S2 })).toEqual(['PE', 'Music']);
    expect(names({ attention: true })).toEqual(['Library', 'Music']);
    expect(names({ attention: true, school: S1 })).toEqual(['Library']);
    expect(names({ status: 'approved', platform: 'instagram' })).toEqual([]);
    expect(REGISTER_STATUSES).not.toContain('draft');
  });

  it('ACC-6: sorts by name, status, review due (undated last) or school, and never changes the list it was given', () => {
    const rows = [
      row('beta', { status: 'closed', reviewDue: null, schoolName: 'Zeal' }),
      row('Alpha', { status: 'active', reviewDue: '2027-03-01', schoolName: 'Zeal' }),
      row('gamma', { status: 'proposed', reviewDue: null, schoolName: 'Apple' }),
      row('Delta', { status: 'active', reviewDue: '2026-12-01', schoolName: 'Apple' }),
      row('Year 10 trip', { status: 'approved', reviewDue: null, schoolName: 'Apple' }),
      row('Year 9 trip', { status: 'approved', reviewDue: null, schoolName: 'Apple' }),
    ];
    const copy = [...rows];
    const names = (sort: Parameters<typeof sortRegister>[1]) => sortRegister(rows, sort).map((r) => r.name);
    expect(names('name')).toEqual(['Alpha', 'beta', 'Delta', 'gamma', 'Year 9 trip', 'Year 10 trip']);
    expect(names('status')).toEqual(['gamma', 'Year 9 trip', 'Year 10 trip', 'Alpha', 'Delta', 'beta']);
    expect(names('review-due')).toEqual(['Delta', 'Alpha', 'beta', 'gamma', 'Year 9 trip', 'Year 10 trip']);
    expect(names('school')).toEqual(['Delta', 'gamma', 'Year 9 trip', 'Year 10 trip', 'Alpha', 'beta']);
    expect(rows).toEqual(copy);
  });

  it('ACC-6: builds the query string for a filter, leaving out the defaults', () => {
    expect(registerQuery(DEFAULT_FILTER)).toBe('');
    const f = {
      status: 'active' as AccountStatus,
      platform: 'x',
      school: S1,
      attention: true,
      sort: 'status' as const,
    };
    expect(registerQuery(f)).toBe(`?status=active&platform=x&school=${S1}&attention=1&sort=status`);
    expect(registerQuery(f, { status: '', attention: false })).toBe(`?platform=x&school=${S1}&sort=status`);
    expect(parseRegisterQuery(Object.fromEntries(new URLSearchParams(registerQuery(f).slice(1))), [S1])).toEqual(f);
  });

  it('ACC-6: each selected filter is a link that removes only that filter', () => {
    const f = {
      status: 'active' as AccountStatus,
      platform: 'bluesky',
      school: S2,
      attention: true,
      sort: 'review-due' as const,
    };
    const categories = selectedFilters(f, (id) => (id === S2 ? 'Harbour Bridge Academy' : '?'));
    expect(categories).toEqual([
      {
        heading: { text: 'Status' },
        items: [{ href: `/accounts?platform=bluesky&school=${S2}&attention=1&sort=review-due`, text: 'Active' }],
      },
      {
        heading: { text: 'Platform' },
        items: [{ href: `/accounts?status=active&school=${S2}&attention=1&sort=review-due`, text: 'Bluesky' }],
      },
      {
        heading: { text: 'School' },
        items: [
          {
            href: '/accounts?status=active&platform=bluesky&attention=1&sort=review-due',
            text: 'Harbour Bridge Academy',
          },
        ],
      },
      {
        heading: { text: 'Needs attention' },
        items: [
          {
            href: `/accounts?status=active&platform=bluesky&school=${S2}&sort=review-due`,
            text: 'Overdue review or handover needed',
          },
        ],
      },
    ]);
    expect(selectedFilters(DEFAULT_FILTER, () => '')).toEqual([]);
  });
});
