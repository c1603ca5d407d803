/**
 * Issue 15, item 7: submitters' personal data on closed feedback is anonymised past the retention setting —
 * only closed items, only past it, idempotently, audited — and the setting itself is audited.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { seedDemo } from '../seed/demo';
import {
  ANONYMISED_SUBMITTER,
  anonymiseExpiredFeedback,
  DEFAULT_RETENTION_MONTHS,
  readRetention,
  saveRetention,
} from './retention';

let t: TestDatabase;
let ids: { old: string; recent: string; open: string };
const admin = async (): Promise<Actor> => {
  const u = await t.db.selectFrom('appUser').select(['id', 'agencyId']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  return { userId: u.id, username: 'admin', role: 'admin', agencyId: u.agencyId };
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const base = {
    receivedAt: new Date('2019-10-01T03:00:00Z'),
    receivedOn: '2019-10-01',
    channel: 'hotline' as const,
    submitterType: 'citizen' as const,
    clockStart: '2019-10-01',
    refuseDue: '2019-10-04',
    infoDue: '2019-10-08',
    answerDue: '2019-11-01',
    searchText: 'duong hong',
  };
  const rows = await t.db
    .insertInto('feedback')
    .values([0, 1, 2].map(() => ({ ...base, submitterName: 'x', subject: 'x', content: 'x', status: 'received' as const })))
    .returning('id')
    .execute();
  const [old, recent, open] = rows.map((r) => r.id);
  if (!old || !recent || !open) throw new Error('items missing');
  ids = { old, recent, open };
  const personal = {
    submitterName: 'Nguyễn Văn An',
    submitterContact: '0912 345 678',
    subject: 'Ông Nguyễn Văn An phản ánh đường hỏng',
    content: 'Tôi là Nguyễn Văn An, số điện thoại 0912345678, email an.nguyen@example.vn, phản ánh đường hỏng.',
    answerText: 'Kính gửi ông Nguyễn Văn An (0912 345 678): đường đã được sửa.',
  };
  await t.db
    .updateTable('feedback')
    .set({ ...personal, status: 'answered', answeredAt: new Date('2019-12-01T03:00:00Z'), answeredOn: '2019-12-01' })
    .where('id', '=', old)
    .execute();
  await t.db
    .updateTable('feedback')
    .set({ ...personal, status: 'published', answeredAt: new Date('2020-12-01T03:00:00Z'), answeredOn: '2020-12-01' })
    .where('id', '=', recent)
    .execute();
  await t.db
    .updateTable('feedback')
    .set({ ...personal, status: 'assigned', answeredAt: null, answeredOn: null, updatedAt: new Date('2018-01-01T00:00:00Z') })
    .where('id', '=', open)
    .execute();
  await t.db
    .insertInto('feedbackEvent')
    .values({ feedbackId: old, action: 'note', toStatus: 'answered', note: 'Đã gọi ông Nguyễn Văn An qua số 0912345678.' })
    .execute();
});
afterAll(async () => t.drop());

const item = (id: string) =>
  t.db
    .selectFrom('feedback')
    .select(['submitterName', 'submitterContact', 'subject', 'content', 'answerText'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
/** "Now" for the job: 12 months after 2020-01-01, so only items closed before that are past a 12-month retention. */
const NOW = new Date('2021-01-01T00:00:00Z');

describe('the retention of submitters’ personal data', () => {
  it('is two years unless the province sets it, and a change is audited', async () => {
    expect(await readRetention(t.db)).toEqual({ months: DEFAULT_RETENTION_MONTHS });
    await saveRetention(t.db, await admin(), { months: 12 });
    expect(await readRetention(t.db)).toEqual({ months: 12 });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'before', 'after'])
      .where('action', '=', 'settings.feedback_retention')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actorUsername: 'admin', before: { months: 24 }, after: { months: 12 } });
  });

  it('anonymises a closed item past it: name, contact, and names/phones/e-mails in the texts and history notes', async () => {
    const before = await t.db.selectFrom('feedback').select('id').where('submitterName', '=', ANONYMISED_SUBMITTER).execute();
    expect(before).toEqual([]);
    const result = await anonymiseExpiredFeedback(t.db, NOW);
    expect(result).toEqual({ anonymised: 1, months: 12 });
    const old = await item(ids.old);
    expect(old.submitterName).toBe(ANONYMISED_SUBMITTER);
    expect(old.submitterContact).toBeNull();
    for (const text of [old.subject, old.content, old.answerText ?? '']) {
      expect(text).not.toMatch(/Nguyễn Văn An|0912\s?345\s?678|an\.nguyen@example\.vn/);
    }
    expect(old.content).toContain('phản ánh đường hỏng');
    const note = await t.db
      .selectFrom('feedbackEvent')
      .select('note')
      .where('feedbackId', '=', ids.old)
      .where('action', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(note.note).not.toMatch(/Nguyễn Văn An|0912345678/);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'feedback.personal_data_anonymised')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ months: 12, count: result.anonymised });
  });

  it('leaves an item closed within the retention and an item still open (the agency must still answer it)', async () => {
    expect(await item(ids.recent)).toMatchObject({ submitterName: 'Nguyễn Văn An', submitterContact: '0912 345 678' });
    expect(await item(ids.open)).toMatchObject({ submitterName: 'Nguyễn Văn An', submitterContact: '0912 345 678' });
  });

  it('does nothing the second time (idempotent), and nothing when the province keeps the data', async () => {
    expect((await anonymiseExpiredFeedback(t.db, NOW)).anonymised).toBe(0);
    await saveRetention(t.db, await admin(), { months: null });
    expect(await anonymiseExpiredFeedback(t.db, new Date('2030-01-01T00:00:00Z'))).toEqual({ anonymised: 0, months: null });
    expect(await item(ids.recent)).toMatchObject({ submitterName: 'Nguyễn Văn An' });
    const audits = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'feedback.personal_data_anonymised')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
