/** The publishing attempts of posts, kept in post_publication (the PublicationStore the connectors' publishOnce needs). */
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import type { PublicationAttempt, PublicationStore } from '../../connectors/publish.ts';

export class DatabasePublicationStore implements PublicationStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly post: { id: string; trust_id: string; school_id: string },
    private readonly via: 'direct' | 'manual',
  ) {}

  async load(idempotencyKey: string): Promise<PublicationAttempt | null> {
    const row = await this.db
      .selectFrom('post_publication')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .where('post_id', '=', this.post.id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      idempotencyKey: row.idempotency_key,
      startedAt: new Date(row.started_at),
      status: row.status,
      outcomeUnknown: row.outcome_unknown,
      publishCalls: row.publish_calls,
      failures: row.failures,
      remoteId: row.remote_id,
      url: row.url,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null,
      publishedAt: row.published_at ? new Date(row.published_at) : null,
    };
  }

  /** Each save commits on its own: "publishing started" must be durable before the platform is called. */
  async save(a: PublicationAttempt): Promise<void> {
    const values = {
      status: a.status,
      outcome_unknown: a.outcomeUnknown,
      publish_calls: a.publishCalls,
      failures: a.failures,
      remote_id: a.remoteId,
      url: a.url,
      last_error: a.lastError,
      next_attempt_at: a.nextAttemptAt,
      published_at: a.publishedAt,
    };
    await this.db
      .insertInto('post_publication')
      .values({
        idempotency_key: a.idempotencyKey,
        post_id: this.post.id,
        trust_id: this.post.trust_id,
        school_id: this.post.school_id,
        via: this.via,
        started_at: a.startedAt,
        ...values,
      })
      .onConflict((oc) => oc.column('idempotency_key').doUpdateSet(values))
      .execute();
  }
}
