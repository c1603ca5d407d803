/**
 * Vietnamese lunar dates, via @nghiavuive/lunar_date_vi (Hồ Ngọc Đức's algorithm at UTC+7 —
 * the Vietnamese calendar, whose Tết differs from the Chinese one in some years, e.g. 1985, 2007).
 */
import lunar from '@nghiavuive/lunar_date_vi';
import { type IsoDate, isoDate } from './dates';

/** The solar date of a (non-leap) lunar day of a lunar year. */
export function lunarToSolar(lunarYear: number, month: number, day: number): IsoDate {
  const date = new lunar.LunarDate({ day, month, year: lunarYear });
  date.init();
  const s = date.toSolarDate().get();
  return isoDate(s.year, s.month, s.day);
}

/** Tết Nguyên Đán (1st day of the 1st lunar month) of a solar year. */
export function tetDate(year: number): IsoDate {
  return lunarToSolar(year, 1, 1);
}
