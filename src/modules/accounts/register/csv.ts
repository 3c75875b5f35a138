import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../../../platform/http/platform-routes.ts';
import { STATUSES, platformName } from '../model.ts';
import type { RegisterRow } from './service.ts';

/**
 * The register as CSV (ACC-6), for governors' packs and spreadsheets. It is built from the register's
 * rows only, which never carry sign-in details or the recovery email. A cell a spreadsheet would
 * run as a formula is neutralised.
 */
export function registerCsv(rows: readonly RegisterRow[], trustView: boolean): string {
  const columns = [
    ...(trustView ? ['school'] : []),
    'account',
    'platform',
    'handle',
    'web_address',
    'status',
    'operators',
    'lead_operator',
    'activated_on',
    'last_reviewed_on',
    'review_due',
    'review_overdue',
    'last_monitoring_check',
    'handover_open',
    'closed_on',
  ];
  const records = rows.map((r) =>
    [
      ...(trustView ? [r.schoolName] : []),
      r.name,
      platformName(r.platform),
      r.handle ?? '',
      r.address ?? '',
      STATUSES[r.status].text,
      r.operators.map((o) => o.name).join('; '),
      r.operators.find((o) => o.isLead)?.name ?? '',
      r.activated_on ?? '',
      r.last_reviewed_on ?? '',
      r.review_due ?? '',
      r.overdue ? 'yes' : 'no',
      r.last_monitored_at ? new Date(r.last_monitored_at).toISOString() : '',
      r.openHandover ? 'yes' : 'no',
      r.closed_on ?? '',
    ].map(spreadsheetSafe),
  );
  return stringify(records, { header: true, columns });
}
