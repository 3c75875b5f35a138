import { EVENT_TEXT } from './model.ts';
import type { timelineOf } from './repo.ts';

type EventRow = Awaited<ReturnType<typeof timelineOf>>[number];

/** Detail fields shown on the timeline, and how each reads. Anything else stays in the audit log only. */
const DETAIL_LABELS: Record<string, string> = {
  operator: 'Operator',
  operators: 'Operators',
  lead: 'Lead operator',
  reason: 'Reason',
  handle: 'Handle',
  platform: 'Platform',
  outcome: 'Outcome',
  resolution: 'Resolution',
  from: 'From',
  to: 'To',
};

/** Rows for views/timeline.njk: each event's words, its comment and the detail worth showing. */
export function timelineItems(rows: EventRow[]) {
  return rows.map((row) => {
    const detail = (row.detail ?? {}) as Record<string, unknown>;
    const lines = Object.entries(detail)
      .filter(([key, value]) => DETAIL_LABELS[key] && value !== null && value !== undefined && value !== '')
      .map(([key, value]) => `${DETAIL_LABELS[key]}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
    return { ...row, text: EVENT_TEXT[row.kind] ?? row.kind, lines };
  });
}
