import { expect, test } from 'vitest';
import { withoutRunningLines } from './pdf.ts';

test('POL-7: running headers, footers and page numbers repeated across pages are removed; the text is kept', () => {
  const pages = [
    ['Hermitage Primary School', 'Scope', 'It applies to all staff.', 'Page 1 of 3'],
    ['Hermitage Primary School', 'Personal use', 'Never in lessons.', 'Page 2 of 3'],
    ['Hermitage Primary School', 'Hermitage Primary School staff may use the room.', '3'],
  ];
  expect(withoutRunningLines(pages).filter(Boolean)).toEqual([
    'Scope',
    'It applies to all staff.',
    'Personal use',
    'Never in lessons.',
    'Hermitage Primary School staff may use the room.',
  ]);
});
