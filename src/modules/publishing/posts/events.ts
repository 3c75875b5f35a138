import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';

export interface PostRef {
  id: string;
  trust_id: string;
  school_id: string;
}

/**
 * Appends one step to a post's timeline (append-only, PUB-5) and to the audit log, in the caller's
 * transaction. Detail is what people who can see the post may read: never a secret.
 */
export async function recordPostEvent(
  trx: Kysely<Database>,
  now: Date,
  post: PostRef,
  actor: Actor,
  kind: string,
  options: { comment?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await trx
    .insertInto('post_event')
    .values({
      post_id: post.id,
      trust_id: post.trust_id,
      school_id: post.school_id,
      at: now,
      actor_id: actor.id,
      actor_label: actor.label,
      kind,
      comment: options.comment ?? null,
      detail: JSON.stringify(options.detail ?? {}),
    })
    .execute();
  await recordAudit(trx, now, {
    actor,
    action: kind,
    entityType: 'post',
    entityId: post.id,
    trustId: post.trust_id,
    schoolId: post.school_id,
    summary: { ...(options.detail ?? {}), ...(options.comment ? { comment: options.comment } : {}) },
  });
}
