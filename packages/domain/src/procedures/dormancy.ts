/**
 * Dormant procedures (DOMAIN.md "Dormant procedures"): no dossier in the look-back window
 * (default 36 months), evaluated per procedure and per implementing agency.
 */
import { addDays, addMonths, type IsoDate } from '../calendar/dates';

export const DEFAULT_DORMANCY_MONTHS = 36;

/** First day of the look-back window that ends on `asOf`: a filing on or after it keeps the procedure alive. */
export function dormancyWindowStart(asOf: IsoDate, months: number): IsoDate {
  return addDays(addMonths(asOf, -months), 1);
}

/** Dormant when it never had a filing, or its last filing is before the window. */
export function isDormant(lastFiling: IsoDate | null, asOf: IsoDate, months: number): boolean {
  return lastFiling === null || lastFiling < dormancyWindowStart(asOf, months);
}
