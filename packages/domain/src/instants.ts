/**
 * Instants as source files write them: ISO 8601 with "T" or a space, with or without seconds, fractions and an
 * offset or "Z" ("2016-07-13 15:11:07+00:00"); "dd/MM/yyyy[ HH:mm[:ss]]"; Excel serial days. A time without an
 * offset is the wall clock of the file's source time zone (default Vietnam's). Nothing is dropped: an offset the
 * text gives is always kept.
 */

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const isValidDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in minutes, at an instant. */
function offsetMinutes(zone: string, at: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60000);
}

/** The instant a wall clock of `zone` shows (the earlier one when a clock change repeats it). */
export function wallClockToInstant(
  zone: string,
  wall: { y: number; m: number; d: number; h: number; min: number; s: number; ms?: number },
): Date {
  const asUtc = Date.UTC(wall.y, wall.m - 1, wall.d, wall.h, wall.min, wall.s, wall.ms ?? 0);
  if (zone === VIETNAM_TIME_ZONE) return new Date(asUtc - 7 * 3600_000);
  let guess = asUtc - offsetMinutes(zone, asUtc) * 60000;
  guess = asUtc - offsetMinutes(zone, guess) * 60000;
  return new Date(guess);
}

/** Days since 30/12/1899 as Excel counts them (a fraction is the time of day): 1 January 2000 is 36526. */
function fromExcelSerial(serial: number, zone: string): Date | null {
  if (!(serial >= 1 && serial < 2958466)) return null;
  const ms = Math.round(serial * 86400_000) + Date.UTC(1899, 11, 30);
  const d = new Date(ms);
  return wallClockToInstant(zone, {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    min: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  });
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads an instant. `zone` applies only to a wall clock without an offset. Returns null for text that is no
 * date or a date that does not exist (31/02).
 */
export function parseInstant(text: string, zone: string = VIETNAM_TIME_ZONE): Date | null {
  const s = text.trim();
  if (!s) return null;
  if (/^\d{4,6}(\.\d+)?$/.test(s) && !/^\d{8}$/.test(s)) return fromExcelSerial(Number(s), zone);
  const iso = ISO.exec(s);
  const dmy = iso ? null : DMY.exec(s);
  const m = iso ?? dmy;
  if (!m) return null;
  const [y, mo, d] = iso ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const h = Number(m[4] ?? 0);
  const min = Number(m[5] ?? 0);
  const sec = Number(m[6] ?? 0);
  const fraction = iso ? (m[7] ?? '') : '';
  const offset = iso ? m[8] : m[7];
  if (!isValidDate(Number(y), Number(mo), Number(d)) || h > 23 || min > 59 || sec > 59) return null;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  const wall = { y: Number(y), m: Number(mo), d: Number(d), h, min, s: sec, ms };
  if (!offset) return wallClockToInstant(zone, wall);
  const asUtc = Date.UTC(wall.y, wall.m - 1, wall.d, h, min, sec, ms);
  if (offset.toUpperCase() === 'Z') return new Date(asUtc);
  const [, sign, oh, om] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset) ?? [];
  if (Number(oh) > 14 || Number(om ?? 0) > 59) return null;
  const minutes = (Number(oh) * 60 + Number(om ?? 0)) * (sign === '-' ? -1 : 1);
  return new Date(asUtc - minutes * 60000);
}
