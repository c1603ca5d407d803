/**
 * Whether a dossier (hồ sơ TTHC) was handled early, on time or late (DOMAIN.md "Dossiers"; the in-app
 * "Cách tính" is figures/definitions.ts `dossiers_on_time`). SQL twin: core/procedures/dossier-sql.ts,
 * held equal to `judgeDossier` by a test.
 *
 * - The due date is the appointment date (ngày hẹn trả) moved by the time the dossier waited for the
 *   applicant's supplements, counted in WORKING days on the holiday calendar: the time limits of
 *   procedures are in working days and the applicant's time is not the agency's (Nghị định 118/2025/NĐ-CP,
 *   replacing 61/2018 and 107/2021 from 1/7/2025; Thông tư 01/2023/TT-VPCP). So 3 working days of
 *   supplement across a weekend move it by 3 working days, and 10 calendar days over Tết by the one
 *   working day they contain.
 * - Two or more supplement requests make it late: an agency may ask for a supplement only once
 *   (Nghị định 118/2025, as Nghị định 61/2018 before it: "không yêu cầu bổ sung hồ sơ quá một lần").
 * - Finished (result returned, or returned with the written reason of a refusal) before the due date:
 *   early (trước hạn); on it: on time (đúng hạn); after it: late (quá hạn) — published apart (QĐ 766).
 * - Withdrawn by the applicant: not judged (neither on time nor late).
 * - Still open: late once the measure date (the day the figure is computed) is past the due date; before
 *   that it is not yet judged ("đang giải quyết, chưa đến hạn"). Never finishing never beats finishing late.
 * - On-time rate = (early + on time) ÷ (early + on time + late) × 100; none judged → N/A.
 */

import type { IsoDate } from '../calendar/dates';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { ratePercent } from '../rates';

export const DOSSIER_CHANNELS = ['direct', 'online', 'postal'] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

export const DOSSIER_STATUSES = ['received', 'processing', 'supplement', 'finished', 'returned', 'withdrawn'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export interface DossierTiming {
  status: DossierStatus;
  appointmentDate: IsoDate;
  /** The Vietnam date it finished (or was returned), or null when still open. */
  finishedOn: IsoDate | null;
  supplementRequests: number;
  /** Working days the dossier waited for the applicant's supplements. */
  supplementDays: number;
}

export const DOSSIER_VERDICTS = ['early', 'on_time', 'late', 'not_yet_due', 'not_judged'] as const;
export type DossierVerdict = (typeof DOSSIER_VERDICTS)[number];

/** The appointment date moved by the supplement's working days (a day off moves to the next working day). */
export function dossierDueDate(d: Pick<DossierTiming, 'appointmentDate' | 'supplementDays'>, calendar: WorkingCalendar): IsoDate {
  return d.supplementDays > 0 ? calendar.addWorkingDays(d.appointmentDate, d.supplementDays) : d.appointmentDate;
}

/** The verdict on a dossier as of `measure` (the day the figure is computed). */
export function judgeDossier(d: DossierTiming, calendar: WorkingCalendar, measure: IsoDate): DossierVerdict {
  if (d.status === 'withdrawn') return 'not_judged';
  const due = dossierDueDate(d, calendar);
  if (d.finishedOn === null) return measure > due || d.supplementRequests >= 2 ? 'late' : 'not_yet_due';
  if (d.supplementRequests >= 2 || d.finishedOn > due) return 'late';
  return d.finishedOn < due ? 'early' : 'on_time';
}

export interface DossierCounts {
  received: number;
  early: number;
  onTime: number;
  late: number;
  notYetDue: number;
  notJudged: number;
}

export const EMPTY_DOSSIER_COUNTS: DossierCounts = { received: 0, early: 0, onTime: 0, late: 0, notYetDue: 0, notJudged: 0 };

/** The count each verdict adds to (the SQL twin's counts use it too). */
export const COUNT_OF: Record<DossierVerdict, keyof Omit<DossierCounts, 'received'>> = {
  early: 'early',
  on_time: 'onTime',
  late: 'late',
  not_yet_due: 'notYetDue',
  not_judged: 'notJudged',
};

export function countDossiers(dossiers: readonly DossierTiming[], calendar: WorkingCalendar, measure: IsoDate): DossierCounts {
  const c = { ...EMPTY_DOSSIER_COUNTS };
  for (const d of dossiers) {
    c.received++;
    c[COUNT_OF[judgeDossier(d, calendar, measure)]]++;
  }
  return c;
}

export function addDossierCounts(a: DossierCounts, b: DossierCounts): DossierCounts {
  return {
    received: a.received + b.received,
    early: a.early + b.early,
    onTime: a.onTime + b.onTime,
    late: a.late + b.late,
    notYetDue: a.notYetDue + b.notYetDue,
    notJudged: a.notJudged + b.notJudged,
  };
}

export interface DossierFigures extends DossierCounts {
  /** Early + on time + late. */
  judged: number;
  /** (early + on time) ÷ judged, % one decimal; null = N/A. */
  onTimeRate: number | null;
  earlyRate: number | null;
  lateRate: number | null;
}

export function dossierFigures(c: DossierCounts): DossierFigures {
  const judged = c.early + c.onTime + c.late;
  return {
    ...c,
    judged,
    onTimeRate: ratePercent(c.early + c.onTime, judged),
    earlyRate: ratePercent(c.early, judged),
    lateRate: ratePercent(c.late, judged),
  };
}
