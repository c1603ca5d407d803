/**
 * Sends the e-mail outbox through SMTP when one is configured (SMTP_URL); otherwise the outbox
 * simply stays readable in the app. Each message is tried at most MAX_ATTEMPTS times.
 */
import type { Database } from '@cchc/db/schema';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';

export const MAX_ATTEMPTS = 5;
export type MailTransport = Transporter;

export function smtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

export async function sendPendingEmails(db: Kysely<Database>, transport: Transporter, from: string, batch = 50) {
  const pending = await db
    .selectFrom('emailOutbox')
    .select(['id', 'toAddress', 'subject', 'body'])
    .where('sentAt', 'is', null)
    .where('attempts', '<', MAX_ATTEMPTS)
    .orderBy('id')
    .limit(batch)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const mail of pending) {
    try {
      await transport.sendMail({ from, to: mail.toAddress, subject: mail.subject, text: mail.body });
      await db
        .updateTable('emailOutbox')
        .set((eb) => ({ sentAt: new Date(), attempts: eb('attempts', '+', 1), lastError: null }))
        .where('id', '=', mail.id)
        .execute();
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('emailOutbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: message.slice(0, 500) }))
        .where('id', '=', mail.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}
