import { describe, expect, it } from 'vitest';
import { yearGroupsFor } from './people.ts';

const labels = (phase: string, inUse: number[] = []) => yearGroupsFor(phase, inUse).map((y) => y.text);

describe('year groups offered by phase', () => {
  it('issue 8 item 7: a primary school offers Nursery to Year 6, never Years 7 to 14', () => {
    expect(labels('primary')).toEqual([
      'Nursery 1',
      'Nursery 2',
      'Reception',
      'Year 1',
      'Year 2',
      'Year 3',
      'Year 4',
      'Year 5',
      'Year 6',
    ]);
  });

  it('issue 8 item 7: a secondary school offers Years 7 to 13; all-through schools both; special and other schools every year', () => {
    expect(labels('secondary')).toEqual(['Year 7', 'Year 8', 'Year 9', 'Year 10', 'Year 11', 'Year 12', 'Year 13']);
    expect(labels('all-through')).toHaveLength(16);
    expect(labels('special')).toHaveLength(17);
    expect(labels('other')).toEqual(labels('something new'));
  });

  it('issue 8 item 7: year groups the school’s pupils are actually in are always offered, in order', () => {
    expect(labels('primary', [7, 4])).toEqual([
      'Nursery 1',
      'Nursery 2',
      'Reception',
      'Year 1',
      'Year 2',
      'Year 3',
      'Year 4',
      'Year 5',
      'Year 6',
      'Year 7',
    ]);
    expect(yearGroupsFor('secondary', [14]).at(-1)).toEqual({ value: '14', text: 'Year 14' });
  });
});
