/**
 * Attendance of agencies at the working group's sessions and the figures that feed their heads'
 * evaluation (DOMAIN.md "Meetings and attendance"). The score module uses these same functions.
 */
import { ratePercent } from '../rates';
export const ATTENDANCE_MARKS = [
  'present_head',
  'present_deputy',
  'present_delegate',
  'absent_excused',
  'absent_unexcused',
] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

/** Who the invitation expects: the head in person, or the head or a deputy. */
export const EXPECTED_LEVELS = ['head', 'deputy_allowed'] as const;
export type ExpectedLevel = (typeof EXPECTED_LEVELS)[number];

export const SESSION_MODES = ['in_person', 'online', 'hybrid'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export function isPresent(mark: AttendanceMark | null): boolean {
  return mark === 'present_head' || mark === 'present_deputy' || mark === 'present_delegate';
}

/** One agency's record at one finalised session. */
export interface AttendanceRecord {
  mark: AttendanceMark | null;
  expectedLevel: ExpectedLevel;
  lateMinutes: number | null;
}

export interface AttendanceFigures {
  invited: number;
  attended: number;
  attendedByHead: number;
  /** Sessions whose invitation asked for the head in person: the head-attendance denominator. */
  headExpected: number;
  headExpectedAttendedByHead: number;
  excused: number;
  unexcused: number;
  late: number;
  /** attended ÷ invited × 100, one decimal; null with no invitation. */
  attendanceRate: number | null;
  /** sessions attended by the head in person ÷ sessions that asked for the head × 100; null when none asked. */
  headAttendanceRate: number | null;
}

const rate = ratePercent;

/**
 * Figures over a set of records (a period or a series of sessions). An unmarked record of a
 * finalised sheet counts as an unexcused absence: the secretariat finalised without a mark.
 */
export function attendanceFigures(records: readonly AttendanceRecord[]): AttendanceFigures {
  let attended = 0;
  let attendedByHead = 0;
  let headExpected = 0;
  let headExpectedAttendedByHead = 0;
  let excused = 0;
  let unexcused = 0;
  let late = 0;
  for (const r of records) {
    const mark = r.mark ?? 'absent_unexcused';
    if (isPresent(mark)) attended++;
    if (mark === 'present_head') attendedByHead++;
    if (mark === 'absent_excused') excused++;
    if (mark === 'absent_unexcused') unexcused++;
    if (isPresent(mark) && (r.lateMinutes ?? 0) > 0) late++;
    if (r.expectedLevel === 'head') {
      headExpected++;
      if (mark === 'present_head') headExpectedAttendedByHead++;
    }
  }
  return {
    invited: records.length,
    attended,
    attendedByHead,
    headExpected,
    headExpectedAttendedByHead,
    excused,
    unexcused,
    late,
    attendanceRate: rate(attended, records.length),
    headAttendanceRate: rate(headExpectedAttendedByHead, headExpected),
  };
}

export const SESSION_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
