/**
 * The e-mail outbox, sent by graphile-worker: every new message gets its own job
 * (`notifications__send_email`, retried with backoff up to MAX_ATTEMPTS) queued in the same statement
 * that writes it, so a rollback leaves neither. The send holds the message's row lock and marks it sent
 * in the same transaction: two workers never send the same message. Without SMTP (SMTP_URL unset) the
 * outbox stays readable in the app only.
 */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';

export const MAX_ATTEMPTS = 5;
export const SEND_EMAIL_TASK = 'notifications__send_email';
export type MailTransport = Transporter;

type Db = Kysely<Database> | Transaction<Database>;

export function smtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

export interface OutgoingMail {
  toAddress: string;
  subject: string;
  body: string;
  /** Same key → one message, however often the caller runs. */
  dedupeKey: string;
}

/** Writes new messages to the outbox and queues one send job each, atomically; returns how many were new. */
export async function queueEmails(db: Db, mails: readonly OutgoingMail[]): Promise<number> {
  if (!mails.length) return 0;
  const { rows } = await sql<{ id: string }>`
    with mail as (
      insert into email_outbox (to_address, subject, body, dedupe_key)
      select * from unnest(${mails.map((m) => m.toAddress)}::text[], ${mails.map((m) => m.subject)}::text[],
                           ${mails.map((m) => m.body)}::text[], ${mails.map((m) => m.dedupeKey)}::text[])
      on conflict (dedupe_key) do nothing
      returning id
    )
    select mail.id, graphile_worker.add_job(${SEND_EMAIL_TASK}, json_build_object('id', mail.id),
      job_key => 'email:' || mail.id, max_attempts => ${MAX_ATTEMPTS}) is not null as queued
    from mail`.execute(db);
  return rows.length;
}

export type SendOutcome = 'sent' | 'already_sent' | 'busy' | 'missing';

/**
 * Sends one message. Throws when the SMTP server refuses (after recording the attempt), so the
 * worker retries it later; returns without sending when it was sent already or another worker holds it.
 */
export async function sendEmail(db: Kysely<Database>, transport: Transporter, from: string, id: number): Promise<SendOutcome> {
  const outcome = await db.transaction().execute(async (trx) => {
    const mail = await trx
      .selectFrom('emailOutbox')
      .select(['id', 'toAddress', 'subject', 'body', 'sentAt'])
      .where('id', '=', id)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!mail) {
      const exists = await trx.selectFrom('emailOutbox').select('id').where('id', '=', id).executeTakeFirst();
      return { result: exists ? ('busy' as const) : ('missing' as const) };
    }
    if (mail.sentAt) return { result: 'already_sent' as const };
    try {
      // The Message-ID is the outbox id: a receiver sees a resend after a crash as the same message.
      await transport.sendMail({
        from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.body,
        messageId: `<outbox-${mail.id}@cchc>`,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await trx
        .updateTable('emailOutbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: message.slice(0, 500) }))
        .where('id', '=', id)
        .execute();
      return { result: 'failed' as const, error };
    }
    await trx
      .updateTable('emailOutbox')
      .set((eb) => ({ sentAt: new Date(), attempts: eb('attempts', '+', 1), lastError: null }))
      .where('id', '=', id)
      .execute();
    return { result: 'sent' as const };
  });
  if (outcome.result === 'failed') throw outcome.error;
  return outcome.result;
}

/**
 * Queues a send job for unsent messages of the last two days that have none (written before SMTP was
 * configured, or whose job was lost with a database restore); returns how many were queued.
 */
export async function queueUnsentEmails(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select o.id, graphile_worker.add_job(${SEND_EMAIL_TASK}, json_build_object('id', o.id),
      job_key => 'email:' || o.id, max_attempts => ${MAX_ATTEMPTS}) is not null as queued
    from email_outbox o
    where o.sent_at is null and o.attempts < ${MAX_ATTEMPTS} and o.created_at > now() - interval '2 days'
      and not exists (select 1 from graphile_worker.jobs j where j.key = 'email:' || o.id)`.execute(db);
  return rows.length;
}
