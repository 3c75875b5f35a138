import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueJob, type JobRunner } from '../jobs/jobs.ts';

export interface MailInput {
  to: string;
  subject: string;
  text: string;
  trustId?: string | null;
  schoolId?: string | null;
  sensitive?: boolean;
}

export const SEND_MAIL_JOB = 'mail.send';

/**
 * Queues a message in the caller's transaction. A job delivers it over SMTP when SMTP_URL is set;
 * without SMTP the message stays in the outbox page for administrators to read.
 */
export async function queueMail(trx: Kysely<Database>, now: Date, mail: MailInput): Promise<string> {
  const row = await trx
    .insertInto('mail_message')
    .values({
      trust_id: mail.trustId ?? null,
      school_id: mail.schoolId ?? null,
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      sensitive: mail.sensitive ?? false,
      status: 'queued',
      error: null,
      created_at: now,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(trx, SEND_MAIL_JOB, { messageId: row.id }, { runAt: now, dedupeKey: `mail:${row.id}` });
  return row.id;
}

export function registerMailDelivery(jobs: JobRunner, options: { smtpUrl: string | undefined; from: string }): void {
  let transport: Transporter | undefined;
  jobs.register(SEND_MAIL_JOB, async (payload, { db, now, attempt, maxAttempts }) => {
    const message = await db
      .selectFrom('mail_message')
      .selectAll()
      .where('id', '=', String(payload.messageId))
      .executeTakeFirst();
    if (!message || message.status === 'sent' || message.status === 'outbox') return;
    if (!options.smtpUrl) {
      await db.updateTable('mail_message').set({ status: 'outbox' }).where('id', '=', message.id).execute();
      return;
    }
    transport ??= nodemailer.createTransport(options.smtpUrl);
    try {
      await transport.sendMail({
        from: options.from,
        to: message.to_address,
        subject: message.subject,
        text: message.body_text,
      });
    } catch (error) {
      // On the last attempt the job gives up, so the message must not go on looking as if it is waiting.
      const lastAttempt = attempt >= maxAttempts;
      await db
        .updateTable('mail_message')
        .set({ error: (error as Error).message, ...(lastAttempt ? { status: 'failed' } : {}) })
        .where('id', '=', message.id)
        .execute();
      throw error;
    }
    await db
      .updateTable('mail_message')
      .set({ status: 'sent', sent_at: now, error: null })
      .where('id', '=', message.id)
      .execute();
  });
}
