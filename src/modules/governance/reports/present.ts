// The report as sections of sentences, tables and charts: one shape that the page, the CSV and the
// PDF all draw from, so the three always say the same thing (GOV-1).
import type { DateRange } from '../../../platform/calendar/date-range.ts';
import { longDate } from '../../../platform/calendar/date-range.ts';
import { KIND_SHORT } from '../../incidents/rules/kinds.ts';
import { LEVEL_TEXT } from '../../incidents/rules/seriousness.ts';
import { OUTCOME_TEXT } from '../../incidents/model.ts';
import { STATUSES } from '../../accounts/model.ts';
import { barChart, columnChart } from './charts.ts';
import { DUE_SOON_DAYS, type OverrideReason, type ReportFigures } from './repo.ts';
import { responseTimes } from './response-times.ts';

export interface ReportTable {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

export interface ReportSection {
  id: string;
  title: string;
  lines: string[];
  /** SVG markup, drawn on the server; its figures are also in the section's first table. */
  chart?: string;
  tables: ReportTable[];
}

export interface PresentedReport {
  title: string;
  scopeName: string;
  period: string;
  range: DateRange;
  sections: ReportSection[];
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '–');
const label = (map: Record<string, string | { text: string }>, key: string) => {
  const value = map[key];
  return value === undefined ? key : typeof value === 'string' ? value : value.text;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function presentReport(input: {
  figures: ReportFigures;
  range: DateRange;
  scopeName: string;
  trustView: boolean;
  today: string;
  /** Only for readers who may see names (not governors): the reasons given for overrides, with who gave them. */
  reasons?: OverrideReason[];
}): PresentedReport {
  const { figures: f, range, trustView } = input;
  const sections: ReportSection[] = [];

  const staff = f.signing.reduce((n, r) => n + r.staff, 0);
  const signed = f.signing.reduce((n, r) => n + r.signed, 0);
  const withoutPolicy = f.signing.filter((r) => r.version_number === null).length;
  sections.push({
    id: 'signing',
    title: 'Signing the policy',
    lines: [
      `On ${longDate(range.to)}, ${plural(signed, 'member')} of staff out of ${staff.toLocaleString('en-GB')} (${pct(signed, staff)}) had signed the policy in force.`,
      ...(withoutPolicy
        ? [`${plural(withoutPolicy, 'school')} had no approved policy in force, so nobody there could sign one.`]
        : []),
      `${plural(
        f.signaturesByWeek.reduce((n, r) => n + r.count, 0),
        'signature',
      )} were made during the period.`,
    ],
    chart: barChart(
      trustView
        ? 'Staff who have signed the policy, by school (per cent)'
        : 'Staff who have signed the policy (per cent)',
      f.signing.map((r) => ({ label: r.school, value: r.staff ? Math.round((r.signed / r.staff) * 100) : 0 })),
      { unit: 'Per cent signed', max: 100 },
    ),
    tables: [
      {
        caption: 'Signing by school',
        head: ['School', 'Version in force', 'Staff', 'Signed', 'Not signed', 'Signed (per cent)'],
        rows: f.signing.map((r) => [
          r.school,
          r.version_number === null ? 'None approved' : `Version ${r.version_number}`,
          r.staff,
          r.signed,
          r.staff - r.signed,
          pct(r.signed, r.staff),
        ]),
      },
      {
        caption: 'Signatures made each week (weeks start on Monday)',
        head: ['Week starting', 'Signatures'],
        rows: f.signaturesByWeek.map((r) => [longDate(r.week), r.count]),
      },
    ],
  });
  if (f.signaturesByWeek.length)
    sections.push({
      id: 'signatures-over-time',
      title: 'Signatures over time',
      lines: ['When staff signed during the period, week by week.'],
      chart: columnChart(
        'Signatures made each week',
        f.signaturesByWeek.map((r) => ({ label: longDate(r.week).replace(/ \d{4}$/, ''), value: r.count })),
        'Signatures',
      ),
      tables: [],
    });

  const t = f.training.reduce(
    (a, r) => ({
      done: a.done + r.done,
      due: a.due + r.due_soon,
      expired: a.expired + r.expired,
      notDone: a.notDone + r.not_done,
    }),
    { done: 0, due: 0, expired: 0, notDone: 0 },
  );
  sections.push({
    id: 'training',
    title: 'Training',
    lines: f.training.length
      ? [
          `On ${longDate(range.to)}: ${t.done.toLocaleString('en-GB')} completions in date, ${t.due.toLocaleString('en-GB')} expiring within ${DUE_SOON_DAYS} days, ${t.expired.toLocaleString('en-GB')} expired, and ${t.notDone.toLocaleString('en-GB')} required but never done.`,
          'Each course counts the staff who must take it (by their role, or because they run an official account) and anyone else who has.',
        ]
      : ['No training courses are recorded.'],
    chart: f.training.length
      ? barChart('Training completions by state', [
          { label: 'Done and in date', value: t.done },
          { label: `Expiring within ${DUE_SOON_DAYS} days`, value: t.due },
          { label: 'Expired', value: t.expired },
          { label: 'Required, never done', value: t.notDone },
        ])
      : undefined,
    tables: [
      {
        caption: 'Training by course',
        head: [
          'Course',
          'Done and in date',
          `Expiring within ${DUE_SOON_DAYS} days`,
          'Expired',
          'Required, never done',
        ],
        rows: f.training.map((r) => [r.course, r.done, r.due_soon, r.expired, r.not_done]),
      },
    ],
  });

  const active = f.accounts.byStatus.find((r) => r.key === 'active')?.count ?? 0;
  sections.push({
    id: 'accounts',
    title: 'Official accounts',
    lines: [
      `${plural(active, 'account')} active at the end of the period; ${plural(f.accounts.reviewOverdue, 'active account')} past the date set for its review.`,
    ],
    chart: f.accounts.byStatus.length
      ? barChart(
          'Official accounts by status',
          f.accounts.byStatus.map((r) => ({ label: label(STATUSES, r.key), value: r.count })),
        )
      : undefined,
    tables: [
      {
        caption: 'Accounts by status',
        head: ['Status', 'Accounts'],
        rows: f.accounts.byStatus.map((r) => [label(STATUSES, r.key), r.count]),
      },
      {
        caption: 'Active accounts by when they were last checked (monitored or reviewed)',
        head: ['Last checked', 'Accounts'],
        rows: f.accounts.lastCheck.map((r) => [
          r.key === 'never' ? 'Never' : r.key.replace(/^./, (c) => c.toUpperCase()),
          r.count,
        ]),
      },
    ],
  });

  const p = f.posts;
  const postRows: [string, number][] = [
    ['Published', p.published],
    ['Held by a check that blocks posting', p.heldByChecks],
    ['Sent back for changes', p.sentBack],
    ['Refused', p.rejected],
    ['Taken down', p.takenDown],
    ['Warnings overridden', p.overrides.reduce((n, r) => n + r.count, 0)],
  ];
  sections.push({
    id: 'posts',
    title: 'Posts on official accounts',
    lines: [
      `${plural(p.published, 'post')} published in the period. A post held by a blocking check cannot be sent until its words change; a warning can be overridden only with a reason.`,
    ],
    chart: barChart(
      'Posts in the period',
      postRows.map(([l, v]) => ({ label: l, value: v })),
    ),
    tables: [
      { caption: 'Posts in the period', head: ['What happened', 'Posts'], rows: postRows },
      {
        caption: 'Warnings overridden, by check',
        head: ['Check', 'Overrides'],
        rows: p.overrides.map((r) => [r.key, r.count]),
      },
      ...(input.reasons
        ? [
            {
              caption: 'Reasons given for overriding a warning (shown to senior leaders, not in the governors’ copy)',
              head: ['When', 'School', 'Check', 'Reason', 'By'],
              rows: input.reasons.map((r) => [
                longDate(r.at.toISOString().slice(0, 10)),
                r.school,
                r.rule,
                r.reason,
                r.by,
              ]),
            },
          ]
        : []),
    ],
  });

  const rt = responseTimes(f.responses, trustView);
  sections.push({ id: 'response-times', title: rt.title, lines: rt.lines, chart: rt.chart, tables: rt.tables });

  const c = f.concerns;
  const released = c.schoolsReleased
    ? `Restricted safeguarding cases released by the designated safeguarding lead${trustView ? 's' : ''} for this period: ${c.restrictedReleased.toLocaleString('en-GB')}${trustView ? ` (from ${plural(c.schoolsReleased, 'school')} of ${f.signing.length})` : ''}.`
    : 'Restricted safeguarding cases are not counted here: the designated safeguarding lead has not released a count for this period.';
  sections.push({
    id: 'concerns',
    title: 'Concerns and cases',
    lines: [
      `${plural(c.total, 'concern')} reported in the period: ${c.open.toLocaleString('en-GB')} still open, ${c.closed.toLocaleString('en-GB')} closed.`,
      released,
    ],
    chart: c.byKind.length
      ? barChart(
          'Concerns by kind',
          c.byKind.map((r) => ({ label: label(KIND_SHORT, r.key), value: r.count })),
        )
      : undefined,
    tables: [
      {
        caption: 'Concerns by kind',
        head: ['Kind', 'Concerns'],
        rows: c.byKind.map((r) => [label(KIND_SHORT, r.key), r.count]),
      },
      {
        caption: 'Concerns by level',
        head: ['Level', 'Concerns'],
        rows: c.byLevel.map((r) => [r.key === 'none' ? 'Not yet assessed' : label(LEVEL_TEXT, r.key), r.count]),
      },
      {
        caption: 'Concerns by outcome',
        head: ['Outcome', 'Concerns'],
        rows: c.byOutcome.map((r) => [label(OUTCOME_TEXT, r.key), r.count]),
      },
    ],
  });

  const overdue = f.policies.filter((r) => r.review_due && r.review_due < input.today).length;
  sections.push({
    id: 'policy-review',
    title: 'Policy review',
    lines: [
      overdue
        ? `${plural(overdue, 'school')}’ policy is past its review date.`
        : 'No policy in force is past its review date.',
    ],
    tables: [
      {
        caption: 'The policy in force at each school',
        head: ['School', 'Version', 'Approved', 'Review due', 'Reviews open'],
        rows: f.policies.map((r) => [
          r.school,
          r.version_number === null ? 'None approved' : r.version_number,
          r.approved_on ? longDate(r.approved_on) : '–',
          r.review_due ? `${longDate(r.review_due)}${r.review_due < input.today ? ' (overdue)' : ''}` : '–',
          r.open_reviews,
        ]),
      },
    ],
  });

  return {
    title: 'Social media policy: report to governors',
    scopeName: input.scopeName,
    period: range.label,
    range,
    sections,
  };
}
