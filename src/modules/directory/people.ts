import { EMPLOYMENT_TYPES as EMPLOYMENT_TYPE_VALUES, type EmploymentType } from './import/rules/values.ts';

const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  'full-time': 'Employee, full-time',
  'part-time': 'Employee, part-time',
  'fixed-term': 'Employee, fixed-term',
  supply: 'Supply staff',
  agency: 'Agency staff',
  trainee: 'Trainee or student teacher',
  volunteer: 'Volunteer',
  consultant: 'Consultant',
  contractor: 'Contractor',
  governor: 'Governor or trustee',
};

/** Who is in scope of the policy (ORG-2): every kind of working relationship a school has. */
export const EMPLOYMENT_TYPES = EMPLOYMENT_TYPE_VALUES.map((value) => ({ value, text: EMPLOYMENT_TYPE_LABELS[value] }));

export type { EmploymentType };

export function isEmploymentType(value: string): value is EmploymentType {
  return (EMPLOYMENT_TYPE_VALUES as readonly string[]).includes(value);
}

export function employmentTypeLabel(value: string): string {
  return EMPLOYMENT_TYPES.find((t) => t.value === value)?.text ?? value;
}

/** Year groups as schools say them: N1, N2, Reception, Year 1 … Year 14. */
export function yearGroupLabel(year: number): string {
  if (year === -2) return 'Nursery 1';
  if (year === -1) return 'Nursery 2';
  if (year === 0) return 'Reception';
  return `Year ${year}`;
}

export const YEAR_GROUPS = Array.from({ length: 17 }, (_, i) => i - 2).map((y) => ({
  value: String(y),
  text: yearGroupLabel(y),
}));

/** The year groups a school of each phase teaches (Nursery 1 is -2, Reception 0). */
const PHASE_YEARS: Record<string, readonly [number, number]> = {
  primary: [-2, 6],
  secondary: [7, 13],
  'all-through': [-2, 13],
};

/**
 * The year groups to offer in a school's filters: those its phase teaches, plus any its pupils are
 * actually in (a primary with a Year 7 still on roll shows Year 7). Special and other schools, whose
 * ages vary, get every year group.
 */
export function yearGroupsFor(phase: string, yearsInUse: readonly number[]): { value: string; text: string }[] {
  const [from, to] = PHASE_YEARS[phase] ?? [-2, 14];
  const years = new Set(yearsInUse);
  for (let y = from; y <= to; y++) years.add(y);
  return [...years].sort((a, b) => a - b).map((y) => ({ value: String(y), text: yearGroupLabel(y) }));
}
