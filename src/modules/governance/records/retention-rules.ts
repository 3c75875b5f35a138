// How long each kind of record is kept (GOV-3), as pure rules. Conservative and explicit: only the
// record types listed in RETENTION_TYPES are ever deleted or anonymised by the retention job; every
// other record is kept, and the page says so. The audit log is never touched: it records each deletion.

export interface RetentionType {
  key: string;
  label: string;
  /** What the job does when a record has passed its period. */
  effect: string;
  /** From when the period is counted. */
  from: string;
  defaultMonths: number;
  minMonths: number;
  maxMonths: number;
  /** Child-protection records: never removed before the school's own period, and the minimum is high. */
  childProtection?: boolean;
}

export const RETENTION_TYPES: readonly RetentionType[] = [
  {
    key: 'mail',
    label: 'Emails sent by Postwarden',
    effect: 'Deleted from the outbox',
    from: 'when the email was queued',
    defaultMonths: 12,
    minMonths: 1,
    maxMonths: 120,
  },
  {
    key: 'roster-imports',
    label: 'Roster files imported from the MIS',
    effect: 'The file and its record of changes are deleted (the import can no longer be undone)',
    from: 'when the file was uploaded',
    defaultMonths: 3,
    minMonths: 1,
    maxMonths: 120,
  },
  {
    key: 'case-evidence',
    label: 'Evidence files and links in closed concerns',
    effect:
      'Deleted from closed cases that are not restricted; the case, its chronology and outcome are kept, and the chronology records the removal',
    from: 'when the case was closed',
    defaultMonths: 72,
    minMonths: 12,
    maxMonths: 1200,
    childProtection: true,
  },
  {
    key: 'former-staff',
    label: 'People who have left',
    effect:
      'Anonymised: name replaced, email, sign-in and MIS number removed, roles ended; their signatures and training stay as counts',
    from: 'their leaving date',
    defaultMonths: 72,
    minMonths: 12,
    maxMonths: 1200,
  },
];

/** Records Postwarden keeps whatever the settings say, listed on the page so nobody assumes otherwise. */
export const KEPT_RECORDS: readonly string[] = [
  'The audit log: never deleted or changed, so it can show what was deleted and when',
  'Concerns and cases, their chronology and outcomes (only the evidence of closed cases is deleted)',
  'Restricted safeguarding records: kept until the school deletes them by hand under its safeguarding policy',
  'Posts on official accounts, their timelines and photos',
  'Signatures of the policy and training records',
  'Official accounts and their timelines',
  'Pupils and parents: kept until the roster import marks them as leaving and the school removes them',
];

export function retentionType(key: string): RetentionType | undefined {
  return RETENTION_TYPES.find((t) => t.key === key);
}

function describeMonths(months: number): string {
  if (months % 12 === 0) return `${months / 12} ${months === 12 ? 'year' : 'years'}`;
  return `${months} ${months === 1 ? 'month' : 'months'}`;
}
export { describeMonths };

/**
 * A period typed by a person: a whole number of months within the type's limits. Returns the
 * months or a message that says what is allowed.
 */
export function readMonths(type: RetentionType, raw: string): { months: number } | { error: string } {
  const text = raw.trim();
  if (!/^\d{1,6}$/.test(text))
    return { error: `Enter how many months to keep ${type.label.toLowerCase()}, as a whole number` };
  const months = Number(text);
  if (months === 0)
    return {
      error: `${type.label} cannot be kept for 0 months: the shortest period is ${describeMonths(type.minMonths)}`,
    };
  if (months < type.minMonths)
    return {
      error: `${type.label} must be kept for at least ${describeMonths(type.minMonths)}${type.childProtection ? ' (child-protection records)' : ''}`,
    };
  if (months > type.maxMonths)
    return { error: `${type.label} can be kept for at most ${describeMonths(type.maxMonths)}` };
  return { months };
}

/** The first instant that is not yet expired: records from before it have passed their period. */
export function expiryCutoff(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}
