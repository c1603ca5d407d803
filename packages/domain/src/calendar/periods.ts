/**
 * Reporting periods (DOMAIN.md "Reporting periods", Nghị định 09/2019 Điều 12): data cut-off windows run
 * from the 15th of the month before to the 14th; statistical regimes use calendar months instead.
 */
import { addMonths, type IsoDate, isoDate } from './dates';

export type PeriodConvention = 'nd09' | 'calendar';
export type PeriodFrequency = 'month' | 'quarter' | 'half_year' | 'nine_months' | 'year';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const MONTHS: Record<PeriodFrequency, number> = { month: 1, quarter: 3, half_year: 6, nine_months: 9, year: 12 };

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The period of `frequency` that contains `date`. Quarters and half years are counted from the start of
 * the (reporting) year; "nine months" is the first nine months of the year, and a date after it falls in
 * the next year's nine months.
 */
export function periodContaining(date: IsoDate, frequency: PeriodFrequency, convention: PeriodConvention): Period {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // The reporting month: under Nghị định 09 a date on or after the 15th belongs to the next month.
  let year = y;
  let month = m;
  if (convention === 'nd09' && d >= 15) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  const span = MONTHS[frequency];
  const index = frequency === 'nine_months' ? 0 : Math.floor((month - 1) / span);
  const lastMonth = index * span + span;
  const firstMonth = lastMonth - span + 1;
  let endYear = year;
  if (frequency === 'nine_months' && month > 9) endYear += 1;
  const end =
    convention === 'nd09' ? isoDate(endYear, lastMonth, 14) : isoDate(endYear, lastMonth, lastDayOfMonth(endYear, lastMonth));
  const start = convention === 'nd09' ? addMonths(isoDate(endYear, firstMonth, 15), -1) : isoDate(endYear, firstMonth, 1);
  return { from: start, to: end };
}

/** The period before `period` of the same frequency and convention. */
export function previousPeriod(period: Period, frequency: PeriodFrequency, convention: PeriodConvention): Period {
  const back = frequency === 'nine_months' ? 12 : MONTHS[frequency];
  return periodContaining(addMonths(period.to, -back), frequency, convention);
}
