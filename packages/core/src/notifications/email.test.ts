import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingTransport } from '../testing/mail';
import { MAX_ATTEMPTS, queueEmails, queueUnsentEmails, SEND_EMAIL_TASK, sendEmail } from './email';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function outboxId(dedupeKey: string): Promise<number> {
  const row = await t.db.selectFrom('emailOutbox').select('id').where('dedupeKey', '=', dedupeKey).executeTakeFirstOrThrow();
  return row.id;
}

async function jobKeys(): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select key from graphile_worker.jobs where task_identifier = ${SEND_EMAIL_TASK} order by key`.execute(t.db);
  return rows.map((r) => r.key);
}

describe('queueEmails', () => {
  it('queues one send job per new message, once however often it is called', async () => {
    const mails = [
      { toAddress: 'canbo.stp@hungyen.gov.vn', subject: '[CCHC] Nhiệm vụ quá hạn', body: 'Đã quá hạn.', dedupeKey: 'q1' },
      { toAddress: 'giamdoc.stp@hungyen.gov.vn', subject: '[CCHC] Sắp đến hạn', body: 'Còn 3 ngày.', dedupeKey: 'q2' },
    ];
    expect(await queueEmails(t.db, mails)).toBe(2);
    expect(await queueEmails(t.db, mails)).toBe(0);
    expect(await jobKeys()).toEqual([`email:${await outboxId('q1')}`, `email:${await outboxId('q2')}`].sort());
  });

  it('leaves neither message nor job behind when the transaction rolls back', async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await queueEmails(trx, [{ toAddress: 'x@hungyen.gov.vn', subject: 's', body: 'b', dedupeKey: 'rolled-back' }]);
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await t.db.selectFrom('emailOutbox').select('id').where('dedupeKey', '=', 'rolled-back').execute()).toEqual([]);
  });
});

describe('sendEmail', () => {
  it('sends a message once with its Vietnamese text intact and marks it sent', async () => {
    await queueEmails(t.db, [
      { toAddress: 'canbo.stp@hungyen.gov.vn', subject: '[CCHC] Nhiệm vụ quá hạn', body: 'Nhiệm vụ "Rà soát".', dedupeKey: 's1' },
    ]);
    const id = await outboxId('s1');
    const { transport, delivered } = recordingTransport();
    expect(await sendEmail(t.db, transport, 'cchc@hungyen.gov.vn', id)).toBe('sent');
    expect(await sendEmail(t.db, transport, 'cchc@hungyen.gov.vn', id)).toBe('already_sent');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain('Nhiệm vụ quá hạn');
    expect(delivered[0]).toContain(`outbox-${id}@cchc`);
    const row = await t.db
      .selectFrom('emailOutbox')
      .select(['sentAt', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.sentAt).not.toBeNull();
    expect(row.attempts).toBe(1);
  });

  it('never sends one message twice when two workers take it at the same time', async () => {
    await queueEmails(t.db, [{ toAddress: 'a@hungyen.gov.vn', subject: 'Hai lần?', body: 'b', dedupeKey: 's2' }]);
    const id = await outboxId('s2');
    const { transport, delivered } = recordingTransport();
    const outcomes = await Promise.all([
      sendEmail(t.db, transport, 'cchc@hungyen.gov.vn', id),
      sendEmail(t.db, transport, 'cchc@hungyen.gov.vn', id),
    ]);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(delivered).toHaveLength(1);
  });

  it('records the refusal and throws, so the worker retries, when the SMTP server refuses', async () => {
    await queueEmails(t.db, [{ toAddress: 'x@hungyen.gov.vn', subject: 's', body: 'b', dedupeKey: 's3' }]);
    const id = await outboxId('s3');
    // A real SMTP client pointed at a port where nothing listens.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: 9, connectionTimeout: 500, greetingTimeout: 500 });
    await expect(sendEmail(t.db, transport, 'cchc@hungyen.gov.vn', id)).rejects.toThrow(/ECONNREFUSED|connect/i);
    const row = await t.db
      .selectFrom('emailOutbox')
      .select(['sentAt', 'attempts', 'lastError'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('queueUnsentEmails', () => {
  it('queues a job for a recent unsent message that has none, and for nothing else', async () => {
    // Written directly, as before the outbox had jobs: no job.
    const [written] = await t.db
      .insertInto('emailOutbox')
      .values({ toAddress: 'cu@hungyen.gov.vn', subject: 's', body: 'b', dedupeKey: 'legacy' })
      .returning('id')
      .execute();
    await t.db
      .insertInto('emailOutbox')
      .values({ toAddress: 'het@hungyen.gov.vn', subject: 's', body: 'b', dedupeKey: 'given-up', attempts: MAX_ATTEMPTS })
      .execute();
    expect(await queueUnsentEmails(t.db)).toBe(1);
    expect(await jobKeys()).toContain(`email:${written?.id}`);
    expect(await queueUnsentEmails(t.db)).toBe(0);
  });
});
