/**
 * How the province's outgoing documents are headed and signed (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
 * place name of the date line, the parent body, and per issuing agency its printed name, ký hiệu, signer
 * and default Nơi nhận. Stored as data (appSetting 'official_documents'); what is not set falls back to
 * the agency tree, so a fresh province prints sensible headers before anyone opens the screen.
 */
import type { Database } from '@cchc/db/schema';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

type Db = Kysely<Database> | Transaction<Database>;
const KEY = 'official_documents';
const SYMBOL = /^[A-ZĐ0-9]{1,12}(-[A-ZĐ0-9]{1,12})*$/;

export const ZIssuer = z.object({
  agencyId: z.uuid(),
  parentBody: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  issuingBody: z.string().trim().min(2, 'Vui lòng nhập tên cơ quan ban hành.').max(200),
  symbol: z.string().trim().regex(SYMBOL, 'Ký hiệu cơ quan: chữ in hoa, số, dấu gạch (ví dụ SNV).'),
  signerAuthority: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  signerTitle: z.string().trim().min(2, 'Vui lòng nhập chức vụ người ký.').max(100),
  signerName: z.string().trim().max(100),
  recipients: z.array(z.string().trim().min(1).max(300)).max(30),
});
export type TIssuer = z.output<typeof ZIssuer>;

export const ZDocumentSettings = z.object({
  /** The địa danh of the date line: "Hưng Yên". */
  placeName: z.string().trim().min(2, 'Vui lòng nhập địa danh.').max(60),
  /** Parent body of the province's departments and working group: "UBND tỉnh Hưng Yên". */
  provinceBody: z.string().trim().min(2).max(200),
  /** Abbreviation of the document kind in the ký hiệu of a report: "BC" → "12/BC-SNV". */
  reportSymbol: z.string().trim().regex(SYMBOL, 'Ký hiệu loại văn bản: chữ in hoa (ví dụ BC).'),
  issuers: z.array(ZIssuer).max(100),
});
export type TDocumentSettings = z.output<typeof ZDocumentSettings>;

/** The province whose departments use the app: "Tỉnh Hưng Yên" → place "Hưng Yên", body "UBND tỉnh Hưng Yên". */
async function provinceDefaults(db: Db) {
  const province = await db
    .selectFrom('agency as d')
    .innerJoin('agency as p', 'p.id', 'd.parentId')
    .select(['p.name', 'p.fullName'])
    .where('d.kind', '=', 'department')
    .where('p.kind', '=', 'province')
    .where('d.validTo', 'is', null)
    .orderBy('p.code')
    .limit(1)
    .executeTakeFirst();
  // "Tỉnh Hưng Yên" / "Thành phố Hà Nội" (the full name says which).
  const full = province?.fullName || province?.name || '';
  const place = province?.name || full.replace(/^(tỉnh|thành phố)\s+/i, '');
  const lowered = full.replace(/^(Tỉnh|Thành phố)/, (m) => m.toLocaleLowerCase('vi-VN'));
  return { placeName: place || 'Hà Nội', provinceBody: lowered ? `UBND ${lowered}` : 'Ủy ban nhân dân' };
}

export async function documentSettings(db: Db): Promise<TDocumentSettings> {
  const row = await db.selectFrom('appSetting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = ZDocumentSettings.safeParse(row?.value);
  if (parsed.success) return parsed.data;
  return { ...(await provinceDefaults(db)), reportSymbol: 'BC', issuers: [] };
}

/** The issuer settings of an agency: saved ones, else derived from the agency (its name, the code's last part). */
export async function issuerFor(db: Db, agencyId: string, settings?: TDocumentSettings): Promise<TIssuer> {
  const s = settings ?? (await documentSettings(db));
  const saved = s.issuers.find((i) => i.agencyId === agencyId);
  if (saved) return saved;
  const agency = await db
    .selectFrom('agency as a')
    .leftJoin('agency as p', 'p.id', 'a.parentId')
    .select(['a.code', 'a.name', 'a.kind', 'p.kind as parentKind', 'p.name as parentName'])
    .where('a.id', '=', agencyId)
    .executeTakeFirst();
  const symbol = (agency?.code.split('.').pop() ?? '').toLocaleUpperCase('vi-VN').replace(/[^A-ZĐ0-9]/g, '') || 'CQ';
  return {
    agencyId,
    parentBody: agency?.parentKind === 'province' ? s.provinceBody : (agency?.parentName ?? null),
    issuingBody: agency?.name ?? '',
    symbol,
    signerAuthority: null,
    signerTitle: agency?.kind === 'department' ? 'Giám đốc' : 'Thủ trưởng cơ quan',
    signerName: '',
    recipients: ['Bộ Nội vụ (để báo cáo)', 'Thường trực UBND tỉnh (để báo cáo)', 'Lưu: VT'],
  };
}

export async function saveDocumentSettings(db: Kysely<Database>, actor: AuditActor, value: TDocumentSettings) {
  await db.transaction().execute(async (trx) => {
    const before = await documentSettings(trx);
    await trx
      .insertInto('appSetting')
      .values({ key: KEY, value: JSON.stringify(value), updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, { action: 'settings.update', entityType: 'setting', entityId: KEY, before, after: value });
  });
}
