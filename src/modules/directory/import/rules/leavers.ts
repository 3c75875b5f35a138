/**
 * When an import would mark most of the roll as leaving, the person confirming must type how many
 * are leaving. "Most" is more than half of those on roll: a real end-of-year export loses a year
 * group or two (a seventh of a primary, a fifth of a secondary), while a file of a few new starters
 * uploaded as "everyone" loses nearly all of them.
 */
export const TYPED_CONFIRMATION_SHARE = 0.5;

export function needsTypedConfirmation(leavers: number, onRoll: number): boolean {
  return leavers > 0 && leavers > onRoll * TYPED_CONFIRMATION_SHARE;
}

/** The typed number, read forgivingly ("117", " 117 ", "1,117"), must be exactly the number of leavers. */
export function confirmationMatches(typed: string | undefined, leavers: number): boolean {
  const digits = (typed ?? '').trim().replace(/[,\s]/g, '');
  return /^\d+$/.test(digits) && Number(digits) === leavers;
}

/** How long after it finished an import can be undone. */
export const UNDO_DAYS = 7;

/** The last moment an import that finished at `finishedAt` can be undone. */
export function undoDeadline(finishedAt: Date): Date {
  return new Date(finishedAt.getTime() + UNDO_DAYS * 24 * 3_600_000);
}

/** Rows with at least one error (several errors on one row count once); problems not on a row (line 0) are not rows. */
export function rowsWithErrors(errors: readonly { line: number }[]): number {
  return new Set(errors.filter((e) => e.line > 0).map((e) => e.line)).size;
}
