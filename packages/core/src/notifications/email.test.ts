import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, sendPendingEmails } from './email';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('sendPendingEmails', () => {
  it('sends each pending message once with Vietnamese text intact and marks it sent', async () => {
    await t.db
      .insertInto('emailOutbox')
      .values([
        {
          toAddress: 'canbo.stp@hungyen.gov.vn',
          subject: '[CCHC] Nhiệm vụ quá hạn',
          body: 'Nhiệm vụ "Rà soát" đã quá hạn.',
          dedupeKey: 'a',
        },
        { toAddress: 'giamdoc.stp@hungyen.gov.vn', subject: '[CCHC] Sắp đến hạn', body: 'Còn 3 ngày làm việc.', dedupeKey: 'b' },
      ])
      .execute();
    // nodemailer's JSON transport renders real messages without a network.
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const delivered: string[] = [];
    const send = transport.sendMail.bind(transport);
    transport.sendMail = (async (mail: Parameters<typeof send>[0]) => {
      const info = await send(mail);
      delivered.push(String((info as { message: string }).message));
      return info;
    }) as typeof transport.sendMail;
    expect(await sendPendingEmails(t.db, transport, 'cchc@hungyen.gov.vn')).toEqual({ sent: 2, failed: 0 });
    expect(delivered.some((m) => m.includes('Nhiệm vụ quá hạn'))).toBe(true);
    expect(await sendPendingEmails(t.db, transport, 'cchc@hungyen.gov.vn')).toEqual({ sent: 0, failed: 0 });
    const rows = await t.db.selectFrom('emailOutbox').select(['sentAt', 'attempts']).execute();
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
  });

  it('records the error and gives up after the maximum attempts when the SMTP server refuses', async () => {
    await t.db
      .insertInto('emailOutbox')
      .values({ toAddress: 'x@hungyen.gov.vn', subject: 's', body: 'b', dedupeKey: 'c' })
      .execute();
    // A real SMTP client pointed at a port where nothing listens.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: 9, connectionTimeout: 500, greetingTimeout: 500 });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await sendPendingEmails(t.db, transport, 'cchc@hungyen.gov.vn');
    const row = await t.db
      .selectFrom('emailOutbox')
      .select(['sentAt', 'attempts', 'lastError'])
      .where('dedupeKey', '=', 'c')
      .executeTakeFirstOrThrow();
    expect(row.sentAt).toBeNull();
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
