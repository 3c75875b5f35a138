/**
 * Appends one step to an item's handling (the table refuses changes) and to the audit log, in the
 * caller's transaction (MON-2..4).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';

export interface ItemRef {
  id: string;
  trust_id: string;
  school_id: string;
}

export async function recordItemEvent(
  trx: Kysely<Database>,
  now: Date,
  item: ItemRef,
  actor: Actor,
  kind: string,
  options: { text?: string | null; detail?: Record<string, unknown>; audit?: boolean } = {},
): Promise<void> {
  await trx
    .insertInto('inbox_event')
    .values({
      item_id: item.id,
      trust_id: item.trust_id,
      school_id: item.school_id,
      at: now,
      actor_id: actor.id,
      actor_label: actor.label,
      kind,
      text: options.text ?? null,
      detail: JSON.stringify(options.detail ?? {}),
    })
    .execute();
  if (options.audit === false) return;
  await recordAudit(trx, now, {
    actor,
    action: kind,
    entityType: 'inbox-item',
    entityId: item.id,
    trustId: item.trust_id,
    schoolId: item.school_id,
    summary: { ...(options.detail ?? {}) },
  });
}

export const EVENT_TEXT: Record<string, string> = {
  'inbox.arrived': 'Arrived',
  'inbox.logged': 'Logged by hand',
  'inbox.assigned': 'Assigned',
  'inbox.kind-changed': 'Kind changed',
  'inbox.acknowledged': 'Acknowledged',
  'inbox.replied': 'Replied from Postwarden',
  'inbox.reply-started': 'Sending a reply from Postwarden',
  'inbox.reply-refused': 'The platform refused the reply: nothing was sent',
  'inbox.reply-not-sent': 'Checked: the reply did not go out, so it can be sent again',
  'inbox.reply-recorded': 'Reply made on the platform recorded',
  'inbox.step': 'Step done',
  'inbox.press-submitted': 'Reply sent for a senior leader’s approval',
  'inbox.press-approved': 'Reply approved in writing',
  'inbox.concern-opened': 'Concern opened',
  'inbox.audience-post': 'Post telling the audience drafted',
  'inbox.reminder': 'Reminder sent',
  'inbox.overdue': 'Overdue alert sent',
  'inbox.closed': 'Closed',
};
