/** Display formats: dd/MM/yyyy dates and Vietnamese numbers, always in Vietnam's time zone. */
const ZONE = 'Asia/Ho_Chi_Minh';

const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant: Date | string) {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const p = Object.fromEntries(dateTimeParts.formatToParts(d).map((x) => [x.type, x.value]));
  return p as Record<'day' | 'month' | 'year' | 'hour' | 'minute', string>;
}

/** An instant as dd/MM/yyyy HH:mm in Vietnam time. */
export function formatDateTime(instant: Date | string | null | undefined): string {
  if (!instant) return '—';
  const p = parts(instant);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A calendar date 'YYYY-MM-DD' as dd/MM/yyyy (no time zone involved). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const numberFormat = new Intl.NumberFormat('vi-VN');
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A rate in % as people read it (87,5%), or the given text for N/A. */
export function formatPercent(value: number | null, na = '—'): string {
  return value === null ? na : `${numberFormat.format(value)}%`;
}
