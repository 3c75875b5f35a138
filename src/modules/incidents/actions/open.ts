/**
 * Opening an action with its clock: the row, its chronology entry, and two durable jobs (a reminder
 * before it is due and an alert when it is overdue), all in the caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { enqueueJob } from '../../../platform/jobs/jobs.ts';
import { recordCaseEvent, type CaseRef } from '../chronology/events.ts';
import { reminderAt } from '../rules/clocks.ts';
import { ACTION_TEXT, type ActionKind } from '../model.ts';

export const ACTION_CLOCK_JOB = 'cases.action-clock';

export interface NewAction {
  kind: ActionKind;
  title?: string;
  ownerId: string | null;
  dueAt: Date;
  clock: 'working-days' | 'calendar-hours';
  detail?: Record<string, unknown>;
}

export async function openAction(
  trx: Kysely<Database>,
  now: Date,
  c: CaseRef,
  actor: Actor,
  action: NewAction,
): Promise<string> {
  const title = action.title?.trim() || ACTION_TEXT[action.kind];
  const row = await trx
    .insertInto('case_action')
    .values({
      case_id: c.id,
      trust_id: c.trust_id,
      school_id: c.school_id,
      kind: action.kind,
      title,
      owner_id: action.ownerId,
      due_at: action.dueAt,
      clock: action.clock,
      status: 'open',
      detail: JSON.stringify(action.detail ?? {}),
      created_at: now,
      created_by: actor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(
    trx,
    ACTION_CLOCK_JOB,
    { actionId: row.id, stage: 'reminder' },
    { runAt: reminderAt(now, action.dueAt), dedupeKey: `case-action:${row.id}:reminder` },
  );
  await enqueueJob(
    trx,
    ACTION_CLOCK_JOB,
    { actionId: row.id, stage: 'overdue' },
    { runAt: action.dueAt, dedupeKey: `case-action:${row.id}:overdue` },
  );
  await recordCaseEvent(trx, now, c, actor, 'action.added', {
    text: title,
    detail: { due: action.dueAt.toISOString(), clock: action.clock, ownerId: action.ownerId },
  });
  return row.id;
}
