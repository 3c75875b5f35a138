/**
 * Appends one entry to a case's chronology (INC-8: the table refuses changes) and to the audit log,
 * in the caller's transaction. A restricted case's audit event belongs to no tenant (trust and school
 * left empty) and says only that a restricted record changed, so no tenant's audit page, export or
 * count reveals it (INC-7); the hash chain still covers it, and the chronology holds the detail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';

export interface CaseRef {
  id: string;
  trust_id: string;
  school_id: string;
  restricted: boolean;
}

export async function recordCaseEvent(
  trx: Kysely<Database>,
  now: Date,
  c: CaseRef,
  actor: Actor,
  kind: string,
  options: { text?: string | null; detail?: Record<string, unknown>; audit?: boolean } = {},
): Promise<void> {
  await trx
    .insertInto('case_event')
    .values({
      case_id: c.id,
      trust_id: c.trust_id,
      school_id: c.school_id,
      at: now,
      actor_id: actor.id,
      actor_label: actor.label,
      kind,
      text: options.text ?? null,
      detail: JSON.stringify(options.detail ?? {}),
    })
    .execute();
  if (options.audit === false) return;
  if (c.restricted) {
    await recordAudit(trx, now, {
      actor,
      action: 'restricted-record.changed',
      entityType: 'restricted-record',
      entityId: c.id,
      trustId: null,
      schoolId: null,
      summary: { kind },
    });
  } else {
    await recordAudit(trx, now, {
      actor,
      action: kind,
      entityType: 'case',
      entityId: c.id,
      trustId: c.trust_id,
      schoolId: c.school_id,
      summary: { ...(options.detail ?? {}) },
    });
  }
}

/** What each chronology entry says, in plain words. */
export const EVENT_TEXT: Record<string, string> = {
  'case.reported': 'Concern reported',
  'case.routed': 'Sent to',
  'case.opened': 'Case opened',
  'case.viewed': 'Case viewed',
  'case.assessed': 'Assessment recorded',
  'case.breach-marked': 'Marked as a possible personal data breach',
  'case.breach-decided': 'Decision on telling the ICO recorded',
  'case.lado-advice': 'LADO’s advice recorded',
  'case.outcome': 'Outcome recorded',
  'case.closed': 'Case closed',
  'case.review-proposed': 'Early review of the policy proposed',
  'case.note': 'Note added',
  'evidence.added': 'Evidence added',
  'evidence.downloaded': 'Evidence file opened',
  'action.added': 'Action added',
  'action.done': 'Action done',
  'action.reminder': 'Reminder sent',
  'action.overdue': 'Overdue alert sent',
};
