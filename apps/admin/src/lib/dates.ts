/** Calendar dates in forms: Mantine date inputs give 'YYYY-MM-DD' strings. Today comes from `useToday()` (lib/today). */
export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Mantine's DateInput may hand back a string or a Date depending on version: normalise to 'YYYY-MM-DD'. */
export function toIsoDate(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
