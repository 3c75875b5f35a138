import { describe, expect, it } from 'vitest';
import { UNDO_DAYS, confirmationMatches, needsTypedConfirmation, rowsWithErrors, undoDeadline } from './leavers.ts';

describe('import leavers, confirmation and undo rules', () => {
  it('issue 8 new-user item 1: the number must be typed only when more than half of those on roll would leave', () => {
    expect(needsTypedConfirmation(117, 120)).toBe(true);
    expect(needsTypedConfirmation(61, 120)).toBe(true);
    expect(needsTypedConfirmation(60, 120)).toBe(false); // exactly half
    expect(needsTypedConfirmation(17, 120)).toBe(false); // a year group leaving in the summer
    expect(needsTypedConfirmation(0, 120)).toBe(false);
    expect(needsTypedConfirmation(1, 1)).toBe(true);
    expect(needsTypedConfirmation(0, 0)).toBe(false);
  });

  it('issue 8 new-user item 1: the typed number is read forgivingly but must be exactly the number of leavers', () => {
    for (const typed of ['117', ' 117 ', '117\n']) expect(confirmationMatches(typed, 117), typed).toBe(true);
    expect(confirmationMatches('1,117', 1117)).toBe(true);
    for (const typed of ['', undefined, '116', '118', 'all', '117 pupils', '-117', '1e2', '0117x'])
      expect(confirmationMatches(typed, 117), String(typed)).toBe(false);
    expect(confirmationMatches('0', 0)).toBe(true);
  });

  it('issue 8 new-user item 1: "Rows with errors" counts rows, not errors, and not problems that are on no row', () => {
    expect(rowsWithErrors([{ line: 3 }, { line: 3 }, { line: 3 }])).toBe(1);
    expect(rowsWithErrors([{ line: 3 }, { line: 5 }, { line: 3 }])).toBe(2);
    expect(rowsWithErrors([{ line: 0 }, { line: 0 }])).toBe(0);
    expect(rowsWithErrors([])).toBe(0);
  });

  it('issue 8 new-user item 1: an import can be undone for seven days after it finishes', () => {
    expect(UNDO_DAYS).toBe(7);
    expect(undoDeadline(new Date('2026-11-18T10:00:00Z')).toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });
});
