import type { AccountStatus } from '../../../../platform/db/schema.ts';
import { STATUSES, STATUS_ORDER, isPlatform, platformName } from '../../model.ts';
import { needsAttention } from './dates.ts';

/**
 * The register's filters and sort order (ACC-6), read from the query string so they work without
 * JavaScript and a filtered register can be bookmarked or shared. Anything not understood is
 * ignored rather than refused: a stale link still shows the register.
 */

/** Drafts are still being written by their applicant, so the register starts at "proposed". */
export const REGISTER_STATUSES: readonly AccountStatus[] = STATUS_ORDER.filter((s) => s !== 'draft');

export const SORTS = [
  { value: 'name', text: 'Name (A to Z)', trustOnly: false },
  { value: 'status', text: 'Status', trustOnly: false },
  { value: 'review-due', text: 'Review due (soonest first)', trustOnly: false },
  { value: 'school', text: 'School', trustOnly: true },
] as const;

export type SortKey = (typeof SORTS)[number]['value'];

export interface RegisterFilter {
  status: AccountStatus | '';
  platform: string;
  /** A school of the trust, in the trust view only. */
  school: string;
  /** Only accounts with an overdue review or an open handover. */
  attention: boolean;
  sort: SortKey;
}

export const DEFAULT_FILTER: RegisterFilter = { status: '', platform: '', school: '', attention: false, sort: 'name' };

function last(value: unknown): string {
  if (Array.isArray(value)) return last(value.at(-1));
  return typeof value === 'string' ? value.trim() : '';
}

/** `schoolIds` is the trust's schools in the trust view, or null in a school (no school filter there). */
export function parseRegisterQuery(query: unknown, schoolIds: readonly string[] | null): RegisterFilter {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const status = last(q.status);
  const platform = last(q.platform);
  const school = last(q.school);
  const sort = last(q.sort);
  const sortKnown = SORTS.find((s) => s.value === sort && (!s.trustOnly || schoolIds !== null));
  return {
    status: (REGISTER_STATUSES as readonly string[]).includes(status) ? (status as AccountStatus) : '',
    platform: isPlatform(platform) ? platform : '',
    school: schoolIds?.includes(school) ? school : '',
    attention: last(q.attention) === '1',
    sort: sortKnown ? sortKnown.value : 'name',
  };
}

/** What filtering and sorting need to know about an account. */
export interface RegisterFacts {
  name: string;
  status: AccountStatus;
  platform: string;
  schoolId: string;
  schoolName: string;
  reviewDue: string | null;
  openHandover: boolean;
}

export function filterRegister<T extends RegisterFacts>(
  rows: readonly T[],
  filter: RegisterFilter,
  today: string,
): T[] {
  return rows.filter(
    (r) =>
      (REGISTER_STATUSES as readonly string[]).includes(r.status) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.platform || r.platform === filter.platform) &&
      (!filter.school || r.schoolId === filter.school) &&
      (!filter.attention || needsAttention(r, today)),
  );
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const byName = (a: RegisterFacts, b: RegisterFacts) =>
  collator.compare(a.name, b.name) || collator.compare(a.schoolName, b.schoolName);

export function sortRegister<T extends RegisterFacts>(rows: readonly T[], sort: SortKey): T[] {
  const sorted = [...rows];
  switch (sort) {
    case 'status':
      return sorted.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || byName(a, b));
    case 'review-due':
      // Accounts with no review date (not yet live, or closed) go last.
      return sorted.sort(
        (a, b) =>
          (a.reviewDue === b.reviewDue
            ? 0
            : a.reviewDue === null
              ? 1
              : b.reviewDue === null
                ? -1
                : a.reviewDue < b.reviewDue
                  ? -1
                  : 1) || byName(a, b),
      );
    case 'school':
      return sorted.sort((a, b) => collator.compare(a.schoolName, b.schoolName) || byName(a, b));
    default:
      return sorted.sort(byName);
  }
}

/** The query string for the register with `change` applied; defaults are left out ('' for none). */
export function registerQuery(filter: RegisterFilter, change: Partial<RegisterFilter> = {}): string {
  const f = { ...filter, ...change };
  const params = new URLSearchParams();
  if (f.status) params.set('status', f.status);
  if (f.platform) params.set('platform', f.platform);
  if (f.school) params.set('school', f.school);
  if (f.attention) params.set('attention', '1');
  if (f.sort !== DEFAULT_FILTER.sort) params.set('sort', f.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface SelectedCategory {
  heading: { text: string };
  items: { href: string; text: string }[];
}

/** The MoJ filter's "selected filters": each one a link that removes it. */
export function selectedFilters(
  filter: RegisterFilter,
  schoolName: (id: string) => string,
  base = '/accounts',
): SelectedCategory[] {
  const categories: SelectedCategory[] = [];
  const remove = (change: Partial<RegisterFilter>) => `${base}${registerQuery(filter, change)}`;
  if (filter.status)
    categories.push({
      heading: { text: 'Status' },
      items: [{ href: remove({ status: '' }), text: STATUSES[filter.status].text }],
    });
  if (filter.platform)
    categories.push({
      heading: { text: 'Platform' },
      items: [{ href: remove({ platform: '' }), text: platformName(filter.platform) }],
    });
  if (filter.school)
    categories.push({
      heading: { text: 'School' },
      items: [{ href: remove({ school: '' }), text: schoolName(filter.school) }],
    });
  if (filter.attention)
    categories.push({
      heading: { text: 'Needs attention' },
      items: [{ href: remove({ attention: false }), text: 'Overdue review or handover needed' }],
    });
  return categories;
}
