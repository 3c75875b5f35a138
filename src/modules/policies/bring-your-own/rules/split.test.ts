import { describe, expect, test } from 'vitest';
import { linesOfText } from '../read/lines.ts';
import { splitPolicy } from './split.ts';

const split = (text: string) => splitPolicy(linesOfText(text));

describe('POL-7: splitting follows the document’s own headings and numbering', () => {
  test('POL-7: numbered headings and "3.2" clauses keep their numbers; bullets join the clause that leads into them', () => {
    const doc = split(
      'Social Media Policy\n\n1. Introduction\n\n1.1 This policy applies to all staff.\n1.2 It covers these sites:\n- Facebook\n- Instagram\n\n2. Personal use\n\n2.1 Do not post in lessons.\n2.1.1 Not even on a break duty.\n',
    );
    expect(doc.title).toBe('Social Media Policy');
    expect(doc.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Introduction'],
      ['2', 'Personal use'],
    ]);
    expect(doc.sections[0]!.clauses.map((c) => c.number)).toEqual(['1.1', '1.2']);
    expect(doc.sections[0]!.clauses[1]!.text).toBe('It covers these sites:\n• Facebook\n• Instagram');
    expect(doc.sections[1]!.clauses[0]!.text).toBe('Do not post in lessons.\n2.1.1 Not even on a break duty.');
  });

  test('POL-7: headings in capitals and short lines standing alone are headings; wrapped lines join their paragraph', () => {
    const doc = split(
      'INTRODUCTION\n\nThis policy protects staff and pupils\nwhen they use social media.\n\nScope\n\nIt applies to all staff.\n\nOr\n\nIt applies to staff and governors.\n',
    );
    expect(doc.sections.map((s) => s.title)).toEqual(['INTRODUCTION', 'Scope']);
    expect(doc.sections[0]!.clauses[0]!.text).toBe('This policy protects staff and pupils when they use social media.');
    expect(doc.sections[1]!.clauses.map((c) => c.text)).toEqual([
      'It applies to all staff.',
      'Or',
      'It applies to staff and governors.',
    ]);
  });

  test('POL-7: two numbering schemes: "Section 1" headings with "a)" and "(ii)" items', () => {
    const doc = split(
      'Section 1 Using accounts\n\na) Ask first.\nb) Name two people.\n\nSection 2 Reporting\n\n(i) Tell the DSL.\n(ii) Keep a record.\n',
    );
    expect(doc.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Using accounts'],
      ['2', 'Reporting'],
    ]);
    expect(doc.sections[0]!.clauses.map((c) => [c.number, c.text])).toEqual([
      ['a)', 'Ask first.'],
      ['b)', 'Name two people.'],
    ]);
    expect(doc.sections[1]!.clauses.map((c) => c.number)).toEqual(['(i)', '(ii)']);
  });

  test('POL-7: a document with no headings at all is one section of its paragraphs', () => {
    const doc = split('Staff must not befriend pupils online.\n\nThe school may monitor its own accounts.\n');
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]!.title).toBe('Before the first heading');
    expect(doc.sections[0]!.clauses).toHaveLength(2);
  });

  test('POL-7: Word heading styles decide the headings; a contents list is left out', () => {
    const doc = splitPolicy([
      { text: 'Contents' },
      { text: 'Scope\t2' },
      { text: 'Scope', headingLevel: 1 },
      { text: 'All staff.' },
      { text: 'Personal use', headingLevel: 2 },
      { text: 'Never in lessons.', listItem: true },
    ]);
    expect(doc.sections.map((s) => s.title)).toEqual(['Scope', 'Personal use']);
    expect(doc.sections[1]!.clauses[0]!.text).toBe('Never in lessons.');
  });
});
