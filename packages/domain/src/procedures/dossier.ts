/**
 * Whether a dossier (hồ sơ) was handled on time, after the QĐ 766 rules (DOMAIN.md "Dossiers"):
 * the time the applicant spent supplementing it is subtracted; two or more supplement requests make
 * it late; a dossier still open is measured at the period's end. SQL twin: core/procedures/dossier-sql.ts.
 */

import { addDays, type IsoDate } from '../calendar/dates';
import { ratePercent } from '../rates';

export const DOSSIER_CHANNELS = ['direct', 'online', 'postal'] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

export const DOSSIER_STATUSES = ['received', 'processing', 'supplement', 'finished', 'returned', 'withdrawn'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export interface DossierTiming {
  appointmentDate: IsoDate;
  /** The Vietnam date it finished, or null when still open. */
  finishedOn: IsoDate | null;
  supplementRequests: number;
  /** Calendar days the dossier waited for the applicant's supplements. */
  supplementDays: number;
}

/** On time, or late; an open dossier is judged as of `periodEnd`. */
export function isDossierOnTime(d: DossierTiming, periodEnd: IsoDate): boolean {
  if (d.supplementRequests >= 2) return false;
  const measured = d.finishedOn ?? periodEnd;
  return addDays(measured, -d.supplementDays) <= d.appointmentDate;
}

/** On-time rate in %, one decimal, from counts; null (shown "N/A") with no dossier. */
export function onTimeRateFromCounts(onTime: number, total: number): number | null {
  return ratePercent(onTime, total);
}

/** On-time rate in %, one decimal; null (shown "N/A") with no dossier. */
export function dossierOnTimeRate(dossiers: readonly DossierTiming[], periodEnd: IsoDate): number | null {
  return onTimeRateFromCounts(dossiers.filter((d) => isDossierOnTime(d, periodEnd)).length, dossiers.length);
}
