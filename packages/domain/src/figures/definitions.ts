/**
 * "Cách tính": the written rule of every figure agencies are judged by, with the texts it follows.
 * One definition per figure, read by the screens (beside the figure), the periodic report (its annex)
 * and the exports — the code that computes each figure is named in `computedBy` and documents the same
 * rule. Where a text leaves a choice, the choice is said here and is a setting, not a hidden constant.
 */

export const FIGURE_KEYS = [
  'tasks_on_time',
  'attendance',
  'head_attendance',
  'feedback_on_time',
  'feedback_satisfaction',
  'dossiers_on_time',
  'reviews_on_time',
  'reports_on_time',
  'dormant_procedures',
  'score_total',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

type Text = { vi: string; en: string };

export interface FigureDefinition {
  name: Text;
  /** The rule in one paragraph: which items count, when each is judged, the formula. */
  rule: Text;
  /** The texts the rule follows (legal documents first). */
  sources: readonly string[];
  /** The domain function that implements it (for maintainers; SQL twins are held equal to it by tests). */
  computedBy: string;
}

const QD766 =
  'Quyết định 766/QĐ-TTg năm 2022 (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp)';
const ND20 =
  'Nghị định 20/2008/NĐ-CP về tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính (sửa đổi bởi 48/2013, 92/2017)';
const ND118 = 'Nghị định 118/2025/NĐ-CP về một cửa, một cửa liên thông (thay Nghị định 61/2018 và 107/2021 từ 01/7/2025)';
const TT01 = 'Thông tư 01/2023/TT-VPCP (thực hiện cơ chế một cửa, một cửa liên thông)';
const BLDS = 'Bộ luật Dân sự 2015, Điều 147–148 (cách tính thời hạn)';
const ND09 = 'Nghị định 09/2019/NĐ-CP về chế độ báo cáo của cơ quan hành chính nhà nước, Điều 12';

export const FIGURE_DEFINITIONS: Record<FigureKey, FigureDefinition> = {
  tasks_on_time: {
    name: { vi: 'Nhiệm vụ hoàn thành đúng hạn', en: 'Tasks completed on time' },
    rule: {
      vi: 'Nhiệm vụ do cơ quan chủ trì, có hạn trong kỳ, thuộc kế hoạch đã ban hành: số hoàn thành đúng hạn ÷ (số đã hoàn thành + số quá hạn chưa hoàn thành) × 100. Nhiệm vụ đã hủy và nhiệm vụ chưa đến hạn không tính. Kỳ đã kết thúc được xét đến hết ngày cuối kỳ.',
      en: 'Tasks the agency leads, due in the period, in issued plans: completed on time ÷ (completed + overdue not completed) × 100. Cancelled tasks and tasks not yet due are not counted. A closed period is judged at the end of its last day.',
    },
    sources: ['Kế hoạch CCHC của tỉnh (hạn của từng nhiệm vụ)', BLDS],
    computedBy: 'domain/tasks/status.ts taskStatus + domain/scores/scheme.ts taskInput',
  },
  attendance: {
    name: { vi: 'Tỷ lệ tham dự phiên họp', en: 'Session attendance rate' },
    rule: {
      vi: 'Phiên họp đã chốt điểm danh trong kỳ (phiên hủy không tính): số phiên có mặt (thủ trưởng, cấp phó hoặc người được ủy quyền) ÷ số phiên được mời × 100.',
      en: 'Finalised sessions in the period (cancelled ones excluded): sessions attended (head, deputy or authorised delegate) ÷ sessions invited to × 100.',
    },
    sources: [
      'Quy chế làm việc của Tổ công tác CCHC: điểm danh là căn cứ đánh giá mức độ hoàn thành nhiệm vụ của người đứng đầu',
    ],
    computedBy: 'domain/meetings/attendance.ts attendanceFigures',
  },
  head_attendance: {
    name: { vi: 'Thủ trưởng trực tiếp dự họp', en: 'Head attended in person' },
    rule: {
      vi: 'Phiên có giấy mời yêu cầu thủ trưởng: số phiên thủ trưởng trực tiếp dự ÷ số phiên yêu cầu thủ trưởng × 100.',
      en: 'Sessions whose invitation asked for the head: sessions the head attended in person ÷ sessions asking for the head × 100.',
    },
    sources: ['Quy chế làm việc của Tổ công tác CCHC'],
    computedBy: 'domain/meetings/attendance.ts attendanceFigures',
  },
  feedback_on_time: {
    name: { vi: 'PAKN trả lời đúng hạn', en: 'Feedback answered on time' },
    rule: {
      vi: 'Phản ánh, kiến nghị tiếp nhận lần đầu trong kỳ, thuộc thẩm quyền (không bị từ chối, trả lại), xét tại ngày tính số liệu: số trả lời đúng hạn ÷ (số đã trả lời + số chưa trả lời đã quá hạn) × 100. Phản ánh chưa trả lời và chưa đến hạn là "chưa đến hạn": không tính vào tử số lẫn mẫu số. Vì vậy không trả lời không bao giờ được lợi hơn trả lời trễ.',
      en: 'Feedback first received in the period, within competence (not refused or returned), judged on the day the figure is computed: answered on time ÷ (answered + open past the due date) × 100. Open items not yet due are "not yet due" and count in neither part. So never answering can never score better than answering late.',
    },
    sources: [QD766, ND20],
    computedBy: 'domain/feedback/figures.ts countFeedback + feedbackFigures',
  },
  feedback_satisfaction: {
    name: { vi: 'Tỷ lệ hài lòng về xử lý PAKN', en: 'Feedback satisfaction rate' },
    rule: {
      vi: '(Số PAKN thuộc thẩm quyền − số xử lý quá hạn (trả lời trễ hạn hoặc chưa trả lời đã quá hạn) − số trả lời bị đánh giá không hài lòng hoặc bị phản ánh lại; mỗi phản ánh trừ một lần) ÷ số PAKN thuộc thẩm quyền × 100, tính theo ngày tiếp nhận lần đầu.',
      en: '(Feedback within competence − handled late (answered late, or open past the due date) − answers rated unsatisfied or complained about again; each item deducted once) ÷ feedback within competence × 100, by first-receipt date.',
    },
    sources: [QD766],
    computedBy: 'domain/feedback/figures.ts isNotSatisfied + feedbackFigures',
  },
  dossiers_on_time: {
    name: { vi: 'Hồ sơ TTHC giải quyết đúng hạn', en: 'Dossiers handled on time' },
    rule: {
      vi: 'Hồ sơ tiếp nhận trong kỳ (hồ sơ công dân rút không xét), xét tại ngày tính số liệu. Hạn là ngày hẹn trả, lùi thêm số ngày làm việc hồ sơ chờ công dân bổ sung (tính theo lịch ngày nghỉ lễ, qua cả cuối tuần và Tết). Trả kết quả trước hạn là "trước hạn", đúng ngày hạn là "đúng hạn", sau hạn là "quá hạn"; yêu cầu bổ sung từ hai lần trở lên là "quá hạn"; đang giải quyết mà đã qua hạn là "quá hạn", chưa đến hạn thì không xét. Tỷ lệ = (trước hạn + đúng hạn) ÷ (trước hạn + đúng hạn + quá hạn) × 100.',
      en: 'Dossiers received in the period (withdrawn ones are not judged), judged on the day the figure is computed. The due date is the appointment date moved by the working days the dossier waited for the applicant’s supplements (on the holiday calendar, across weekends and Tết). Finished before it is "early", on it "on time", after it "late"; two or more supplement requests make it late; still open past it is late, not yet due is not judged. Rate = (early + on time) ÷ (early + on time + late) × 100.',
    },
    sources: [QD766, ND118, TT01, BLDS],
    computedBy: 'domain/procedures/dossier.ts judgeDossier + dossierFigures',
  },
  reviews_on_time: {
    name: { vi: 'Rà soát TTHC không phát sinh hồ sơ đúng hạn', en: 'Dormant-procedure reviews on time' },
    rule: {
      vi: 'Rà soát có hạn đề xuất trong kỳ: số đề xuất đúng hạn ÷ (số đã đề xuất + số quá hạn chưa đề xuất) × 100.',
      en: 'Reviews whose proposal was due in the period: proposed on time ÷ (proposed + overdue not proposed) × 100.',
    },
    sources: ['Công điện 220/CĐ-TTg năm 2025 (rà soát TTHC không phát sinh hồ sơ trong 3 năm)'],
    computedBy: 'domain/scores/scheme.ts reviewInput',
  },
  reports_on_time: {
    name: { vi: 'Gửi báo cáo định kỳ đúng hạn', en: 'Periodic reports sent on time' },
    rule: {
      vi: 'Báo cáo định kỳ có hạn gửi trong kỳ: số gửi đúng hạn ÷ (số đã gửi + số quá hạn chưa gửi) × 100.',
      en: 'Periodic reports due in the period: sent on time ÷ (sent + overdue not sent) × 100.',
    },
    sources: [ND09],
    computedBy: 'domain/scores/scheme.ts reportInput',
  },
  dormant_procedures: {
    name: { vi: 'TTHC không phát sinh hồ sơ', en: 'Procedures with no filings' },
    rule: {
      vi: 'Thủ tục đang có hiệu lực không có hồ sơ nào trong số tháng quy định (mặc định 36 tháng) tính đến ngày quét, xét theo từng cơ quan thực hiện.',
      en: 'Procedures in force with no dossier in the set number of months (default 36) up to the scan date, per implementing agency.',
    },
    sources: ['Công điện 220/CĐ-TTg năm 2025'],
    computedBy: 'domain/procedures/dormancy.ts',
  },
  score_total: {
    name: { vi: 'Tổng điểm tuân thủ', en: 'Compliance score' },
    rule: {
      vi: 'Điểm mỗi thành phần = min(tỷ lệ ÷ ngưỡng, 1) × điểm tối đa. Thành phần không có dữ liệu (mẫu số bằng 0) ghi "Không áp dụng" và không tính vào điểm tối đa. Tổng điểm = điểm đạt ÷ điểm tối đa còn lại × 100; xếp loại theo các mức của bộ tiêu chí.',
      en: 'Each component scores min(rate ÷ threshold, 1) × its maximum. A component with no data (zero denominator) is "N/A" and leaves the maximum. Total = points earned ÷ the remaining maximum × 100; graded by the scheme’s groups.',
    },
    sources: [QD766, 'Bộ tiêu chí chấm điểm do tỉnh ban hành (phiên bản ghi trên bảng điểm)'],
    computedBy: 'domain/scores/scheme.ts scoreAgency',
  },
};

/** The "Cách tính" text of a figure: its rule, then "Căn cứ:" and its sources. */
export function howComputed(key: FigureKey, language: 'vi' | 'en' = 'vi'): string {
  const d = FIGURE_DEFINITIONS[key];
  return `${d.rule[language]} ${language === 'vi' ? 'Căn cứ' : 'Sources'}: ${d.sources.join('; ')}.`;
}
