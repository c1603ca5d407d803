import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_MARKS, type AttendanceRecord, attendanceFigures, EXPECTED_LEVELS } from './attendance';

const rec = (
  mark: AttendanceRecord['mark'],
  expectedLevel: AttendanceRecord['expectedLevel'] = 'head',
  lateMinutes: number | null = null,
) => ({
  mark,
  expectedLevel,
  lateMinutes,
});

describe('attendanceFigures', () => {
  it('counts a department over five sessions as the secretariat would by hand', () => {
    const f = attendanceFigures([
      rec('present_head'),
      rec('present_deputy'),
      rec('present_delegate', 'deputy_allowed'),
      rec('absent_excused'),
      rec('present_head', 'head', 15),
    ]);
    expect(f).toEqual({
      invited: 5,
      attended: 4,
      attendedByHead: 2,
      headExpected: 4,
      headExpectedAttendedByHead: 2,
      excused: 1,
      unexcused: 0,
      late: 1,
      attendanceRate: 80,
      headAttendanceRate: 50,
    });
  });

  it('treats an unmarked record of a finalised sheet as an unexcused absence', () => {
    expect(attendanceFigures([rec(null)]).unexcused).toBe(1);
  });

  it('gives no rate, not 0%, with nothing to measure', () => {
    const f = attendanceFigures([]);
    expect(f.attendanceRate).toBeNull();
    expect(f.headAttendanceRate).toBeNull();
    expect(attendanceFigures([rec('present_deputy', 'deputy_allowed')]).headAttendanceRate).toBeNull();
  });

  it('keeps rates within [0, 100] and never lets more presence lower the attendance rate', () => {
    const record = fc.record({
      mark: fc.constantFrom(...ATTENDANCE_MARKS, null),
      expectedLevel: fc.constantFrom(...EXPECTED_LEVELS),
      lateMinutes: fc.option(fc.integer({ min: 0, max: 120 })),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1 }), fc.nat(), (records, pick) => {
        const f = attendanceFigures(records);
        const inRange = (r: number | null) => r === null || (r >= 0 && r <= 100);
        const i = pick % records.length;
        const better = records.map((r, j) => (j === i ? { ...r, mark: 'present_head' as const } : r));
        return (
          inRange(f.attendanceRate) &&
          inRange(f.headAttendanceRate) &&
          (attendanceFigures(better).attendanceRate ?? 0) >= (f.attendanceRate ?? 0)
        );
      }),
    );
  });
});
