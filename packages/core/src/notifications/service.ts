/** In-app notifications and the e-mail outbox. A dedupe key makes every notice idempotent. */
import type { Database } from '@cchc/db/schema';
import type { Kysely, Transaction } from 'kysely';
import { queueEmails } from './email';

type Db = Kysely<Database> | Transaction<Database>;

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  entityType?: string;
  entityId?: string;
  /** Same key for the same user → sent once, however often a job runs. */
  dedupeKey: string;
}

/** The people who act for agencies and are told about their work: the active officers and heads of exactly those agencies. */
export async function agencyStaff(db: Db, agencyIds: readonly string[]): Promise<string[]> {
  if (!agencyIds.length) return [];
  const users = await db
    .selectFrom('appUser')
    .select('id')
    .where('agencyId', 'in', [...agencyIds])
    .where('isActive', '=', true)
    .where('role', 'in', ['agency_officer', 'agency_head'])
    .orderBy('id')
    .execute();
  return users.map((u) => u.id);
}

/** Notifies users in the app and queues an e-mail for those with an address; returns how many were new. */
export async function notifyUsers(db: Db, userIds: readonly string[], notice: Notice): Promise<number> {
  if (!userIds.length) return 0;
  const inserted = await db
    .insertInto('notification')
    .values(
      userIds.map((userId) => ({
        userId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body ?? null,
        link: notice.link ?? null,
        entityType: notice.entityType ?? null,
        entityId: notice.entityId ?? null,
        dedupeKey: notice.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.constraint('notification_dedupe').doNothing())
    .returning('userId')
    .execute();
  if (!inserted.length) return 0;
  const recipients = await db
    .selectFrom('appUser')
    .select(['id', 'email'])
    .where(
      'id',
      'in',
      inserted.map((r) => r.userId),
    )
    .where('email', 'is not', null)
    .execute();
  await queueEmails(
    db,
    recipients.map((r) => ({
      toAddress: r.email as string,
      subject: `[CCHC] ${notice.title}`,
      body: `${notice.body ?? notice.title}${notice.link ? `\n\n${notice.link}` : ''}`,
      dedupeKey: `${notice.dedupeKey}:${r.id}`,
    })),
  );
  return inserted.length;
}

export async function listNotifications(db: Db, userId: string, limit = 50) {
  const [items, unread] = await Promise.all([
    db
      .selectFrom('notification')
      .select(['id', 'kind', 'title', 'body', 'link', 'createdAt', 'readAt'])
      .where('userId', '=', userId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, unread: unread.n };
}

/** Marks the user's own notifications read (all of them when no ids are given). */
export async function markNotificationsRead(db: Db, userId: string, ids?: number[]) {
  let q = db.updateTable('notification').set({ readAt: new Date() }).where('userId', '=', userId).where('readAt', 'is', null);
  if (ids?.length) q = q.where('id', 'in', ids);
  await q.execute();
}

export async function listOutbox(db: Db, limit = 100) {
  return db
    .selectFrom('emailOutbox')
    .select(['id', 'toAddress', 'subject', 'body', 'createdAt', 'sentAt', 'attempts', 'lastError'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
