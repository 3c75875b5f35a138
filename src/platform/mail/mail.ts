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
 * Every wait on the mail server is bounded, well inside the job's lease (30 s, renewed while the
 * job runs): nodemailer's own defaults wait up to 2 minutes to connect and 10 minutes on a silent
 * socket. The whole send is also bounded, as a server that drips bytes never trips the socket timeout.
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
  dnsTimeout: 10_000,
};
export const SEND_DEADLINE_MS = 25_000;

/**
 * The Message-ID a message is sent with, the same on every attempt: if an attempt is cut off after
 * the server took the message (a crash, a lost connection before its reply), the retry carries the
 * same ID, so the copies can be recognised as one message (and many receiving systems drop them).
 */
export function messageIdFor(messageId: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'postwarden.invalid';
  return `<mail.${messageId}@${domain}>`;
}

function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`The mail server did not finish within ${ms / 1000} seconds`));
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

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
    transport ??= nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS });
    const sending = transport;
    try {
      await withDeadline(
        sending.sendMail({
          from: options.from,
          to: message.to_address,
          subject: message.subject,
          text: message.body_text,
          messageId: messageIdFor(message.id, options.from),
        }),
        SEND_DEADLINE_MS,
        () => {
          // A send cut off mid-way leaves its connection in an unknown state: start afresh next time.
          sending.close();
          if (transport === sending) transport = undefined;
        },
      );
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
    // Marked sent at once, before the job itself is marked done: a retry of this job (after a crash
    // between the two) finds it sent and does not send it again.
    await db
      .updateTable('mail_message')
      .set({ status: 'sent', sent_at: now, error: null })
      .where('id', '=', message.id)
      .execute();
  });
}
