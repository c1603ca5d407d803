/**
 * The one vi-VN number, percent and date wording of every screen, export and document: a decimal
 * comma and a dot between thousands (15,8; 1.234), rates as "70,8%", N/A never as 0, and the date
 * line of an official document as Nghị định 30/2020/NĐ-CP, Phụ lục I writes it.
 */
import type { IsoDate } from './calendar/dates';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 15.8 → "15,8"; 1234 → "1.234". */
export function formatNumberVi(value: number): string {
  return NUMBER.format(value);
}

/** A rate in % (one decimal at most, as ratePercent gives it) → "70,8%"; null → the N/A text. */
export function formatPercentVi(value: number | null, na = 'N/A'): string {
  return value === null ? na : `${NUMBER.format(value)}%`;
}

/**
 * The change from a value of the same period last year, as Vietnamese reports state it:
 * rates in percentage points ("tăng 4,2 điểm %"), counts in units and in % ("giảm 12 (15,8%)").
 * Null when either side is missing.
 */
export function formatChangeVi(current: number | null, previous: number | null, kind: 'rate' | 'count'): string | null {
  if (current === null || previous === null) return null;
  const diff = Math.round((current - previous) * 10) / 10;
  if (diff === 0) return 'không đổi';
  const word = diff > 0 ? 'tăng' : 'giảm';
  if (kind === 'rate') return `${word} ${NUMBER.format(Math.abs(diff))} điểm %`;
  const relative = previous === 0 ? null : Math.round((Math.abs(diff) / previous) * 1000) / 10;
  return `${word} ${NUMBER.format(Math.abs(diff))}${relative === null ? '' : ` (${NUMBER.format(relative)}%)`}`;
}

/**
 * "Hưng Yên, ngày 05 tháng 10 năm 2026" (Phụ lục I, II.5.b: a day below 10 and the months 1 and 2 take a
 * leading zero). Without a date, the blanks a draft leaves for the văn thư to fill: "ngày … tháng … năm 2026".
 */
export function officialDateLine(place: string, date: IsoDate | null, year?: number): string {
  if (!date) return `${place}, ngày     tháng     năm ${year ?? ''}`.trimEnd();
  const d = Number(date.slice(8, 10));
  const m = Number(date.slice(5, 7));
  const day = d < 10 ? `0${d}` : String(d);
  const month = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${date.slice(0, 4)}`;
}

/** "Số: 12/BC-SNV" (Phụ lục I, II.3: numbers below 10 take a leading zero); without a number, the blank of a draft. */
export function officialNumberLine(number: number | null, symbol: string): string {
  if (number === null) return `Số:        /${symbol}`;
  return `Số: ${number < 10 ? `0${number}` : number}/${symbol}`;
}
