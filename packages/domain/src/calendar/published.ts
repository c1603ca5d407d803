/**
 * The holiday calendars of 2024–2026 day for day as the government published them for civil
 * servants (cán bộ, công chức, viên chức), each day with the document that sets it. A year not
 * listed here is only the statutory pre-fill (`statutoryCalendar`) until someone enters its notices.
 */
import type { CalendarDay } from './holidays';

export interface PublishedCalendar {
  year: number;
  note: string;
  days: CalendarDay[];
}

/** Days the law itself fixes (Bộ luật Lao động 2019, Điều 112) and no notice changed. */
const LAW = 'Bộ luật Lao động 2019, Điều 112';
const LAW_COMPENSATORY = 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù ngày nghỉ hằng tuần trùng ngày lễ)';

const TB_5015_2023 = 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ LĐ-TB&XH (Tết Âm lịch, Quốc khánh năm 2024)';
const CV_2450_2024 = 'Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ (hoán đổi ngày làm việc dịp 30/4–1/5/2024)';
const TB_6150_2024 =
  'Thông báo 6150/TB-LĐTBXH năm 2024 của Bộ LĐ-TB&XH, thực hiện Công văn 8726/VPCP-KGVX ngày 26/11/2024 (Tết Âm lịch, 30/4–1/5, Quốc khánh năm 2025)';
const CV_12729_2025 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (Tết Dương lịch năm 2026)';
// The press (13–17/10/2025) reports the text and its days; its number could not be confirmed.
const VPCP_10_2025 =
  'Văn bản của Văn phòng Chính phủ tháng 10/2025 truyền đạt ý kiến Thủ tướng đồng ý đề xuất của Bộ Nội vụ (Tết Âm lịch, Quốc khánh năm 2026)';

export const PUBLISHED_CALENDARS: readonly PublishedCalendar[] = [
  {
    year: 2024,
    note: 'Lịch nghỉ lễ, Tết năm 2024 đã công bố (Thông báo 5015/TB-LĐTBXH, Công văn 2450/VPCP-KGVX)',
    days: [
      { date: '2024-01-01', kind: 'holiday', name: 'Tết Dương lịch', source: LAW },
      // Tết: 2 days before and 3 after mùng 1, which falls on a Saturday: mùng 1–2 get 2 compensatory days.
      { date: '2024-02-08', kind: 'holiday', name: 'Tết Nguyên đán (29 tháng Chạp)', source: TB_5015_2023 },
      { date: '2024-02-09', kind: 'holiday', name: 'Tết Nguyên đán (30 tháng Chạp)', source: TB_5015_2023 },
      { date: '2024-02-10', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', source: TB_5015_2023 },
      { date: '2024-02-11', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', source: TB_5015_2023 },
      { date: '2024-02-12', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', source: TB_5015_2023 },
      { date: '2024-02-13', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán (mùng 1 trùng thứ Bảy)', source: TB_5015_2023 },
      { date: '2024-02-14', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán (mùng 2 trùng Chủ nhật)', source: TB_5015_2023 },
      { date: '2024-04-18', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', source: LAW },
      { date: '2024-04-29', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)', source: CV_2450_2024 },
      { date: '2024-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', source: LAW },
      { date: '2024-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)', source: LAW },
      { date: '2024-05-04', kind: 'working_day', name: 'Làm bù cho thứ Hai 29/4/2024', source: CV_2450_2024 },
      { date: '2024-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', source: TB_5015_2023 },
      { date: '2024-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', source: TB_5015_2023 },
    ],
  },
  {
    year: 2025,
    note: 'Lịch nghỉ lễ, Tết năm 2025 đã công bố (Thông báo 6150/TB-LĐTBXH, Công văn 8726/VPCP-KGVX)',
    days: [
      { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch', source: LAW },
      // Tết: 28 tháng Chạp to mùng 3, all weekdays, so no compensatory day (off 25/1–2/2 with the weekends).
      { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán (28 tháng Chạp)', source: TB_6150_2024 },
      { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (29 tháng Chạp)', source: TB_6150_2024 },
      { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', source: TB_6150_2024 },
      { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', source: TB_6150_2024 },
      { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', source: TB_6150_2024 },
      { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', source: LAW },
      { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/5/2025', source: TB_6150_2024 },
      { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', source: TB_6150_2024 },
      { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)', source: TB_6150_2024 },
      { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', source: TB_6150_2024 },
      { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', source: TB_6150_2024 },
      { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', source: TB_6150_2024 },
    ],
  },
  {
    year: 2026,
    note: 'Lịch nghỉ lễ, Tết năm 2026 đã công bố (Công văn 12729/VPCP-KGVX; ý kiến Thủ tướng tháng 10/2025 về Tết Âm lịch, Quốc khánh)',
    days: [
      { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', source: LAW },
      {
        date: '2026-01-02',
        kind: 'day_off',
        name: 'Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)',
        source: CV_12729_2025,
      },
      { date: '2026-01-10', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/01/2026', source: CV_12729_2025 },
      { date: '2026-02-16', kind: 'holiday', name: 'Tết Nguyên đán (29 tháng Chạp)', source: VPCP_10_2025 },
      { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', source: VPCP_10_2025 },
      { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', source: VPCP_10_2025 },
      { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', source: VPCP_10_2025 },
      { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)', source: VPCP_10_2025 },
      { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', source: LAW },
      { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)', source: LAW_COMPENSATORY },
      { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', source: LAW },
      { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)', source: LAW },
      { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho thứ Hai 31/8/2026', source: VPCP_10_2025 },
      { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ hoán đổi Quốc khánh (làm bù thứ Bảy 22/8/2026)', source: VPCP_10_2025 },
      { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', source: VPCP_10_2025 },
      { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', source: VPCP_10_2025 },
    ],
  },
];

/** The published calendar of a year, when this project carries one. */
export function publishedCalendar(year: number): PublishedCalendar | undefined {
  return PUBLISHED_CALENDARS.find((c) => c.year === year);
}
