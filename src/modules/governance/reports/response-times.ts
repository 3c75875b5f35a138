// Response times against the 24-hour deadline (GOV-1, from the inbox's MON-2 figures).
import { barChart } from './charts.ts';
import type { ResponseRow } from './repo.ts';
import type { ReportTable } from './present.ts';

const count = (n: number) => n.toLocaleString('en-GB');

export function responseTimes(
  rows: ResponseRow[],
  trustView: boolean,
): { title: string; lines: string[]; chart?: string; tables: ReportTable[] } {
  const title = 'Response times';
  const sum = (key: 'arrived' | 'inTime' | 'late' | 'overdue' | 'waiting') => rows.reduce((n, r) => n + r[key], 0);
  const arrived = sum('arrived');
  if (arrived === 0)
    return {
      title,
      lines: [
        'No comments, replies, mentions or messages to the official accounts were logged in the inbox during the period.',
      ],
      tables: [],
    };
  const inTime = sum('inTime');
  const answered = inTime + sum('late');
  const lines = [
    `${count(arrived)} ${arrived === 1 ? 'item' : 'items'} arrived in the inbox during the period; ${count(inTime)} (${Math.round((inTime / arrived) * 100)}%) ${inTime === 1 ? 'was' : 'were'} answered or acknowledged within the deadline and ${count(sum('late'))} after it.`,
    `At the end of the period ${count(sum('overdue'))} ${sum('overdue') === 1 ? 'was' : 'were'} past the deadline without an answer and ${count(sum('waiting'))} ${sum('waiting') === 1 ? 'was' : 'were'} waiting within it.`,
    'Matters raised as safeguarding concerns are not counted here: they are followed as concerns.',
  ];
  return {
    title,
    lines,
    chart:
      answered > 0
        ? barChart(
            trustView
              ? 'Items answered within the deadline, by school (per cent)'
              : 'Items answered within the deadline (per cent)',
            rows.map((r) => ({ label: r.school, value: r.arrived ? Math.round((r.inTime / r.arrived) * 100) : 0 })),
            { unit: 'Per cent within the deadline', max: 100 },
          )
        : undefined,
    tables: [
      {
        caption: 'Response times by school',
        head: [
          'School',
          'Arrived',
          'Within the deadline',
          'After it',
          'Overdue, unanswered',
          'Waiting',
          'Median hours to answer',
        ],
        rows: rows.map((r) => [
          r.school,
          r.arrived,
          r.inTime,
          r.late,
          r.overdue,
          r.waiting,
          r.medianHours === null ? '–' : r.medianHours,
        ]),
      },
    ],
  };
}
