import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { readCsv, sniffDelimiter, type CsvProblem } from './csv.ts';
import { decodeCsvText } from './detect.ts';

function read(
  text: string,
  delimiter = ',',
): { records: { row: number; cells: string[] }[]; problem: CsvProblem | null } {
  const records: { row: number; cells: string[] }[] = [];
  const problem = readCsv(text, delimiter, (cells, row) => records.push({ row, cells }));
  return { records, problem };
}
const cellsOf = (text: string, delimiter = ','): string[][] => read(text, delimiter).records.map((r) => r.cells);

describe('readCsv', () => {
  test('ORG-5: reads plain records', () => {
    expect(cellsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  test('ORG-5: quoted values may contain commas, doubled quotes and line breaks', () => {
    expect(cellsOf('"Smith, Jo","Robert ""Bob""","line one\nline two"\n')).toEqual([
      ['Smith, Jo', 'Robert "Bob"', 'line one\nline two'],
    ]);
  });

  test('ORG-5: CRLF, LF and lone CR all end a record, and a missing final newline is fine', () => {
    expect(cellsOf('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  test('ORG-5: values are trimmed, quoted or not', () => {
    expect(cellsOf('  a , " b " ,c  \n')).toEqual([['a', 'b', 'c']]);
  });

  test('ORG-5: empty values, including trailing ones, are kept', () => {
    expect(cellsOf('a,,b,\n,,\n')).toEqual([
      ['a', '', 'b', ''],
      ['', '', ''],
    ]);
  });

  test('ORG-5: a quote inside an unquoted value is kept as text', () => {
    expect(cellsOf('Robert "Bob" Smith,x\n')).toEqual([['Robert "Bob" Smith', 'x']]);
  });

  test('ORG-5: row numbers count blank lines and treat a multi-line value as one row, as a spreadsheet does', () => {
    const { records } = read('h1,h2\n\n"a\nb",c\nd,e\n');
    expect(records.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'h1'],
      [2, ''],
      [3, 'a\nb'],
      [4, 'd'],
    ]);
  });

  test('ORG-5: rows may have different numbers of values', () => {
    expect(cellsOf('a,b,c\n1,2\n1,2,3,4\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2'],
      ['1', '2', '3', '4'],
    ]);
  });

  test('ORG-5: an unclosed quote is reported on the row where the value started', () => {
    const { records, problem } = read('a,b\n1,2\n\n3,"unclosed\n5,6\n7,8\n');
    expect(problem).toEqual({ kind: 'unclosed-quote', row: 4 });
    expect(records).toHaveLength(3);
  });

  test('ORG-5: text straight after a closing quote is reported', () => {
    expect(read('a,b\n1,"x"y\n').problem).toEqual({ kind: 'stray-quote', row: 2 });
  });

  test('ORG-5: tab and semicolon delimiters are read', () => {
    expect(cellsOf('a\tb, c\n1\t2\n', '\t')).toEqual([
      ['a', 'b, c'],
      ['1', '2'],
    ]);
    expect(cellsOf('a;"b;c"\n', ';')).toEqual([['a', 'b;c']]);
  });

  test('ORG-5: empty text has no records', () => {
    expect(read('')).toEqual({ records: [], problem: null });
  });
});

describe('sniffDelimiter', () => {
  test.each([
    ['UPN,Forename,Surname\n', ','],
    ['UPN\tForename\tSurname\r\n', '\t'],
    ['UPN;Forename;Surname\n', ';'],
    ['UPN\tForename;Surname\n', '\t'],
    ['UPN\n', ','],
    ['', ','],
    ['UPN,"Forename;Surname"\n', ','],
  ])('ORG-5: %j uses %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });
});

describe('readCsv agrees with csv-parse/sync', () => {
  const csvParse = (text: string, delimiter = ','): string[][] =>
    parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  const withoutBlankLines = (rows: string[][]): string[][] => rows.filter((r) => !(r.length === 1 && r[0] === ''));

  test.each([
    'pupils-sims.csv',
    'pupils-arbor.csv',
    'pupils-with-errors.csv',
    'staff-sims.csv',
    'staff-with-errors.csv',
    'no-known-headers.csv',
  ])('ORG-5: fixture %s reads the same', (name) => {
    const text = decodeCsvText(readFileSync(new URL(`../../../../../test/fixtures/import/${name}`, import.meta.url)));
    expect(withoutBlankLines(cellsOf(text))).toEqual(csvParse(text));
  });

  test('ORG-5: 500 generated files read the same', () => {
    let seed = 20_240_901;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pieces = ['a', 'Zoë', "O'Neill", ' ', ',', '"', '\n', '\r\n', 'x y', '07700 900123', ';', '\t'];
    for (let file = 0; file < 500; file++) {
      const delimiter = pick([',', ',', ';', '\t']);
      const newline = pick(['\n', '\r\n']);
      const expected: string[][] = [];
      const lines: string[] = [];
      const rowCount = 1 + Math.floor(random() * 6);
      for (let r = 0; r < rowCount; r++) {
        const cells = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
          Array.from({ length: Math.floor(random() * 4) }, () => pick(pieces))
            .join('')
            .trim(),
        );
        if (cells.length === 1 && cells[0] === '') cells[0] = 'x';
        expected.push(cells);
        lines.push(
          cells
            .map((c) =>
              /["\r\n]/.test(c) || c.includes(delimiter) || random() < 0.3 ? `"${c.replace(/"/g, '""')}"` : c,
            )
            .join(delimiter),
        );
      }
      const text = lines.join(newline) + (random() < 0.5 ? newline : '');
      const ours = cellsOf(text, delimiter);
      expect(ours, JSON.stringify(text)).toEqual(expected);
      expect(ours, JSON.stringify(text)).toEqual(csvParse(text, delimiter));
    }
  });

  test('ORG-5: both refuse an unclosed quote and a quote followed by text', () => {
    for (const text of ['a,b\n1,"open\n', 'a,b\n"x"y,2\n']) {
      expect(read(text).problem).not.toBeNull();
      expect(() => csvParse(text)).toThrow();
    }
  });
});
