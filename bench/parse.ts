import { parse as csvParse } from 'csv-parse/sync';
import { makeUpn, parseImport } from '../src/modules/directory/import/rules/index.ts';
import type { BenchResult } from './sign-in.ts';

function best(runs: number, fn: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/** Parsing and validating a 75,000-row SIMS-style pupil export, against two baselines in the same run. */
export async function benchParse(rows = 75_000): Promise<BenchResult[]> {
  const head =
    'UPN,Legal Forename,Legal Surname,DOB,Year,Reg,Social Media Consent,Website Consent,Press Consent,Contact 1 Forename,Contact 1 Surname,Contact 1 Email,Contact 1 Relationship';
  const lines = [head];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${makeUpn(i)},Amara,O'Neill-Okafor,14/09/2015,Year ${i % 14},7AB,Yes,No,Y,Grace,Okafor,grace.okafor${i}@example.com,Mother`,
    );
  const text = lines.join('\r\n');
  const split = best(5, () => text.split('\r\n').map((line) => line.split(',')));
  const library = best(3, () => csvParse(text, { relax_column_count: true, skip_empty_lines: true }));
  const ours = best(5, () => {
    const result = parseImport('pupils', text, '2026-11-22');
    if (result.rows.length !== rows) throw new Error('parse lost rows');
  });
  return [
    {
      name: `Parse and validate a ${rows.toLocaleString('en-GB')}-row pupil export (best of runs)`,
      figures: {
        'naive split on newlines and commas, ms': Math.round(split),
        'csv-parse alone (no validation), ms': Math.round(library),
        'Postwarden parse + validate, ms': Math.round(ours),
        'Postwarden / naive split (ratio)': Number((ours / split).toFixed(2)),
        'Postwarden / csv-parse alone (ratio)': Number((ours / library).toFixed(2)),
      },
    },
  ];
}
