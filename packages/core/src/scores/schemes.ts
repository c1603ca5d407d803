/** Scoring schemes: configuration with versions; a saved edit is a new version, results keep theirs. */
import type { Database } from '@cchc/db/schema';
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { DEFAULT_SCHEME, SCORE_COMPONENT_KEYS, type ScoreScheme, schemeProblems } from '@cchc/domain/scores/scheme';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { notFound } from '../errors';

type Db = Kysely<Database> | Transaction<Database>;

export const ZSchemeBody = z
  .object({
    components: z
      .array(
        z.object({
          key: z.enum(SCORE_COMPONENT_KEYS),
          points: z.number({ error: 'Vui lòng nhập điểm.' }).min(0.5, 'Tối thiểu 0,5 điểm.').max(100, 'Tối đa 100 điểm.'),
          threshold: z
            .number({ error: 'Vui lòng nhập ngưỡng.' })
            .gt(0, 'Ngưỡng phải lớn hơn 0.')
            .max(100, 'Ngưỡng tối đa 100 %.'),
        }),
      )
      .min(1, 'Bộ tiêu chí cần ít nhất một thành phần.')
      .max(SCORE_COMPONENT_KEYS.length),
    groups: z
      .array(z.object({ name: z.string().trim().min(1, 'Vui lòng đặt tên nhóm.').max(20), min: z.number().min(0).max(100) }))
      .min(1)
      .max(10),
  })
  .superRefine((scheme, ctx) => {
    for (const message of schemeProblems(scheme)) ctx.addIssue({ code: 'custom', path: [], message });
  });

export const ZSchemeSave = z.object({
  name: z.string().trim().min(3, 'Tên bộ tiêu chí cần ít nhất 3 ký tự.').max(200),
  effectiveFrom: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => v || null),
  scheme: ZSchemeBody,
});
export type TSchemeSave = z.output<typeof ZSchemeSave>;

export interface SchemeVersion {
  id: string;
  version: number;
  name: string;
  effectiveFrom: string;
  note: string | null;
  createdAt: Date;
  scheme: ScoreScheme;
}

function toVersion(row: {
  id: string;
  version: number;
  name: string;
  effectiveFrom: string;
  note: string | null;
  createdAt: Date;
  components: unknown;
  groups: unknown;
}): SchemeVersion {
  const { components, groups, ...rest } = row;
  return { ...rest, scheme: { components, groups } as ScoreScheme };
}

const COLUMNS = ['id', 'version', 'name', 'effectiveFrom', 'note', 'createdAt', 'components', 'groups'] as const;

export async function listSchemes(db: Db): Promise<SchemeVersion[]> {
  return (await db.selectFrom('scoreScheme').select(COLUMNS).orderBy('version', 'desc').execute()).map(toVersion);
}

export async function getScheme(db: Db, id: string): Promise<SchemeVersion> {
  const row = await db.selectFrom('scoreScheme').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('bộ tiêu chí');
  return toVersion(row);
}

/** The version in force on a day: the newest one whose effective date has come. */
export async function schemeInForce(db: Db, on: string): Promise<SchemeVersion | null> {
  const row = await db
    .selectFrom('scoreScheme')
    .select(COLUMNS)
    .where('effectiveFrom', '<=', on)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** Saving never edits a version: it adds the next one. */
export async function saveScheme(db: Kysely<Database>, actor: AuditActor, input: TSchemeSave): Promise<SchemeVersion> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table score_scheme in share row exclusive mode`.execute(trx);
    const last = await trx
      .selectFrom('scoreScheme')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = await trx
      .insertInto('scoreScheme')
      .values({
        version,
        name: input.name,
        effectiveFrom: input.effectiveFrom,
        note: input.note,
        components: JSON.stringify(input.scheme.components),
        groups: JSON.stringify(input.scheme.groups),
        createdBy: actor.userId,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'score.scheme_saved',
      entityType: 'score_scheme',
      entityId: row.id,
      after: { version, name: input.name, effectiveFrom: input.effectiveFrom, ...input.scheme },
    });
    return toVersion(row);
  });
}

/** The first version, from the default scheme, on a database that has none. */
export async function ensureDefaultScheme(db: Kysely<Database>, actor: AuditActor): Promise<boolean> {
  const any = await db.selectFrom('scoreScheme').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await saveScheme(db, actor, {
    name: 'Bộ tiêu chí đánh giá CCHC của cơ quan (mặc định)',
    effectiveFrom: '2024-01-01',
    note: 'Theo cách tính của Chỉ số PAR Index và QĐ 766/QĐ-TTg; tỉnh điều chỉnh trọng số và ngưỡng cho phù hợp.',
    scheme: DEFAULT_SCHEME,
  });
  return true;
}
