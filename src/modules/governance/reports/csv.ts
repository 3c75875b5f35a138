import { stringify } from 'csv-stringify/sync';
import type { PresentedReport } from './present.ts';

/** A cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
function safe(value: unknown): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Every table of the report as one long list: section, table, row, column, value (GOV-1). */
export function reportCsv(report: PresentedReport): string {
  const rows: string[][] = [];
  for (const section of report.sections) {
    if (!section.tables.length) rows.push([section.title, '', '', '', section.lines.join(' ')]);
    for (const table of section.tables)
      for (const row of table.rows)
        for (let i = 1; i < table.head.length; i++)
          rows.push([section.title, table.caption, String(row[0]), table.head[i]!, String(row[i] ?? '')]);
  }
  return stringify(
    rows.map((r) => r.map(safe)),
    {
      header: true,
      columns: ['section', 'table', 'row', 'column', 'value'],
    },
  );
}
