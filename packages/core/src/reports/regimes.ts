/** Reporting regimes as configuration: rules (periods, deadlines), reporters, receiver, outline, data tables. */
import type { Database } from '@cchc/db/schema';
import {
  CCHC_REGIME_RULES,
  DATA_TABLES,
  DEFAULT_OUTLINE,
  MONTHLY_REGIME_RULES,
  periodsBetween,
  type RegimePeriod,
  type RegimeRules,
  regimePeriodByKey,
} from '@cchc/domain/reports/regime';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import { AppError, notFound } from '../errors';

type Db = Kysely<Database> | Transaction<Database>;

const FREQUENCIES = ['month', 'quarter', 'half_year', 'nine_months', 'year'] as const;
const ZDeadline = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('day_of_last_month'),
    day: z.number().int().min(1, 'Ngày từ 1 đến 31.').max(31, 'Ngày từ 1 đến 31.'),
  }),
  z.object({
    kind: z.literal('working_days_after_cutoff'),
    days: z.number().int().min(1, 'Ít nhất 1 ngày làm việc sau ngày chốt số liệu.').max(60),
  }),
]);
export const ZRegimeRules = z.object({
  frequency: z.enum(FREQUENCIES),
  convention: z.enum(['nd09', 'calendar']),
  slots: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z0-9-]{1,20}$/, 'Mã kỳ chỉ gồm chữ thường, số, dấu gạch.'),
        label: z.string().trim().min(1).max(60),
        frequency: z.enum(FREQUENCIES),
        index: z.number().int().min(1).max(12),
      }),
    )
    .max(12)
    .nullable()
    .superRefine((slots, ctx) => {
      const per: Record<string, number> = { month: 12, quarter: 4, half_year: 2, nine_months: 1, year: 1 };
      slots?.forEach((slot, i) => {
        if (slot.index > (per[slot.frequency] ?? 1)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'index'],
            message: `Kỳ thứ ${slot.index} không có trong năm với tần suất đã chọn.`,
          });
        }
      });
      const keys = slots?.map((x) => x.key) ?? [];
      if (new Set(keys).size !== keys.length)
        ctx.addIssue({ code: 'custom', path: [], message: 'Mỗi kỳ báo cáo trong năm chỉ khai báo một lần.' });
    }),
  agencyDeadline: ZDeadline,
  provinceDeadline: ZDeadline,
});

export const ZRegimeSave = z
  .object({
    id: z.uuid().nullish(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9_-]{2,30}$/, 'Mã chế độ báo cáo: 2–30 chữ in hoa, số, dấu gạch.'),
    name: z.string().trim().min(5, 'Tên chế độ báo cáo cần ít nhất 5 ký tự.').max(300),
    content: z
      .string()
      .trim()
      .max(5000)
      .nullish()
      .transform((v) => v || null),
    rules: ZRegimeRules,
    reporting: z.object({
      kinds: z.array(z.enum(['department', 'commune'])).max(2),
      agencyIds: z.array(z.uuid()).max(5000),
    }),
    receivingAgencyId: z.uuid({ error: 'Vui lòng chọn cơ quan nhận báo cáo.' }),
    outline: z
      .array(z.object({ key: z.string().regex(/^[a-z0-9_]{1,30}$/), title: z.string().trim().min(2).max(300) }))
      .min(1, 'Đề cương cần ít nhất một mục.')
      .max(20),
    dataTables: z.array(z.enum(DATA_TABLES.map((t) => t.key) as [string, ...string[]])).max(DATA_TABLES.length),
    active: z.boolean().default(true),
  })
  .refine((v) => v.reporting.kinds.length > 0 || v.reporting.agencyIds.length > 0, {
    message: 'Vui lòng chọn cơ quan báo cáo.',
    path: ['reporting'],
  });
export type TRegimeSave = z.output<typeof ZRegimeSave>;

export interface Regime {
  id: string;
  code: string;
  name: string;
  content: string | null;
  rules: RegimeRules;
  reporting: { kinds: ('department' | 'commune')[]; agencyIds: string[] };
  receivingAgencyId: string;
  receivingAgencyName: string;
  outline: { key: string; title: string }[];
  dataTables: string[];
  active: boolean;
}

export async function listRegimes(db: Db): Promise<Regime[]> {
  const rows = await db
    .selectFrom('reportRegime as r')
    .innerJoin('agency as a', 'a.id', 'r.receivingAgencyId')
    .selectAll('r')
    .select('a.name as receivingAgencyName')
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    content: r.content,
    rules: r.rules as RegimeRules,
    reporting: r.reporting as Regime['reporting'],
    receivingAgencyId: r.receivingAgencyId,
    receivingAgencyName: r.receivingAgencyName,
    outline: r.outline as Regime['outline'],
    dataTables: r.dataTables as string[],
    active: r.active,
  }));
}

export async function getRegime(db: Db, id: string): Promise<Regime> {
  const regime = (await listRegimes(db)).find((r) => r.id === id);
  if (!regime) throw notFound('chế độ báo cáo');
  return regime;
}

export async function saveRegime(db: Kysely<Database>, actor: AuditActor, input: TRegimeSave) {
  return db.transaction().execute(async (trx) => {
    const values = {
      code: input.code,
      name: input.name,
      content: input.content,
      rules: JSON.stringify(input.rules),
      reporting: JSON.stringify(input.reporting),
      receivingAgencyId: input.receivingAgencyId,
      outline: JSON.stringify(input.outline),
      dataTables: JSON.stringify(input.dataTables),
      active: input.active,
      updatedBy: actor.userId,
    };
    const receiver = await trx.selectFrom('agency').select('id').where('id', '=', input.receivingAgencyId).executeTakeFirst();
    if (!receiver) throw new AppError('bad_request', 'reports.unknown_agency', 'Cơ quan nhận báo cáo không tồn tại.');
    const clash = await trx
      .selectFrom('reportRegime')
      .select('id')
      .where('code', '=', input.code)
      .where('id', '<>', input.id ?? '00000000-0000-0000-0000-000000000000')
      .executeTakeFirst();
    if (clash) throw new AppError('conflict', 'reports.duplicate_code', `Mã ${input.code} đã được dùng.`);
    if (input.id) {
      const before = await trx.selectFrom('reportRegime').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!before) throw notFound('chế độ báo cáo');
      await trx
        .updateTable('reportRegime')
        .set({ ...values, updatedAt: new Date() })
        .where('id', '=', input.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'report.regime_updated',
        entityType: 'report_regime',
        entityId: input.id,
        before,
        after: input,
      });
      return { id: input.id };
    }
    const row = await trx.insertInto('reportRegime').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'report.regime_created',
      entityType: 'report_regime',
      entityId: row.id,
      after: input,
    });
    return row;
  });
}

/** The agencies that must report under a regime: agencies of its kinds beside (or, for a province, under) the receiving agency, plus those listed. */
export async function reportingAgencies(db: Db, regime: Regime) {
  const receiver = await db
    .selectFrom('agency')
    .select(['id', 'parentId'])
    .where('id', '=', regime.receivingAgencyId)
    .executeTakeFirst();
  let q = db.selectFrom('agency').select(['id', 'code', 'name', 'kind']).where('id', '<>', regime.receivingAgencyId);
  q = q.where((eb) =>
    eb.or([
      eb('id', 'in', regime.reporting.agencyIds.length ? regime.reporting.agencyIds : ['00000000-0000-0000-0000-000000000000']),
      regime.reporting.kinds.length && receiver
        ? // Beside the receiver (a Sở Nội vụ receives from the other departments), or under it when it is
          // the top of the tree (the province receives from its departments and communes).
          eb.and([eb('kind', 'in', regime.reporting.kinds), eb('parentId', '=', receiver.parentId ?? receiver.id)])
        : sql<boolean>`false`,
    ]),
  );
  return q.where('validTo', 'is', null).orderBy('kind').orderBy('code').execute();
}

export async function periodOf(db: Db, regime: Regime, periodKey: string): Promise<RegimePeriod> {
  const period = regimePeriodByKey(regime.rules, periodKey, await loadWorkingCalendar(db));
  if (!period) throw new AppError('bad_request', 'reports.bad_period', 'Kỳ báo cáo không hợp lệ.');
  return period;
}

/** Upcoming and recent cut-offs and deadlines of every active regime (the report calendar). */
export async function reportCalendar(db: Db, from: string, to: string) {
  const calendar = await loadWorkingCalendar(db);
  const regimes = (await listRegimes(db)).filter((r) => r.active);
  return regimes
    .flatMap((r) =>
      periodsBetween(r.rules, from, to, calendar).map((p) => ({ regimeId: r.id, regimeCode: r.code, regimeName: r.name, ...p })),
    )
    .sort((a, b) => a.cutoff.localeCompare(b.cutoff) || a.regimeCode.localeCompare(b.regimeCode));
}

/** The two regimes of the demo province: the CCHC report to the Ministry of Home Affairs and a monthly one. */
export async function seedRegimes(db: Kysely<Database>, actor: AuditActor, provinceCode: string) {
  const receiver = await db
    .selectFrom('agency')
    .select('id')
    .where('code', '=', `${provinceCode}.SNV`)
    .where('kind', '=', 'department')
    .executeTakeFirst();
  if (!receiver) return;
  await saveRegime(db, actor, {
    code: 'CCHC',
    name: 'Báo cáo công tác cải cách hành chính (quý I, 6 tháng, quý III, năm)',
    content:
      'Kết quả thực hiện kế hoạch CCHC, kiểm soát TTHC, tiếp nhận và xử lý phản ánh, kiến nghị; các sở, ngành gửi Sở Nội vụ trước ngày 17, UBND tỉnh gửi Bộ Nội vụ trước ngày 20 của tháng cuối kỳ.',
    rules: CCHC_REGIME_RULES,
    reporting: { kinds: ['department'], agencyIds: [] },
    receivingAgencyId: receiver.id,
    outline: DEFAULT_OUTLINE,
    dataTables: DATA_TABLES.map((t) => t.key),
    active: true,
  });
  await saveRegime(db, actor, {
    code: 'PAKN-THANG',
    name: 'Báo cáo tình hình tiếp nhận, xử lý phản ánh, kiến nghị hằng tháng',
    content: 'Số liệu tiếp nhận, trả lời phản ánh, kiến nghị của các sở, ngành trong tháng.',
    rules: MONTHLY_REGIME_RULES,
    reporting: { kinds: ['department'], agencyIds: [] },
    receivingAgencyId: receiver.id,
    outline: [
      { key: 'results', title: 'Tình hình tiếp nhận, xử lý phản ánh, kiến nghị' },
      { key: 'proposals', title: 'Đề xuất, kiến nghị' },
    ],
    dataTables: ['feedback'],
    active: true,
  });
}
