/**
 * The criteria trees a province starts from, one for departments (sở, ban, ngành) and one for communes
 * (UBND xã, phường). Their structure follows the Bộ Nội vụ's provincial PAR Index (QĐ 1150/QĐ-BNV: 8 fields
 * from chỉ đạo, điều hành to the impact measured by survey, self-assessment with verification documents,
 * appraisal, a sociological survey) as provinces adapt it for their own units (e.g. Bình Dương, QĐ
 * 2071/QĐ-UBND ngày 27/7/2018 for sở, huyện and xã). The points and bands are a starting point to edit:
 * a province enters those of its own decision for the year. Leaves this product can compute read its figures
 * (tasks, sessions, reports, reviews, dossiers, feedback); the others the agency self-assesses with evidence.
 */

import type { CriteriaLeaf, CriteriaTree } from './criteria';
import type { Band } from './methods';

const STEPS_100_80: Band[] = [
  { min: 100, share: 1 },
  { min: 80, share: 0.5 },
];
const STEPS_DOSSIERS: Band[] = [
  { min: 100, share: 1 },
  { min: 95, share: 0.75 },
  { min: 90, share: 0.5 },
];

const self = (code: string, title: string, maxPoints: number, evidenceHint: string): CriteriaLeaf => ({
  code,
  title,
  maxPoints,
  method: { kind: 'self_assessed', evidenceRequired: true },
  na: 'full',
  evidenceHint,
});
const yesNo = (code: string, title: string, maxPoints: number, evidenceHint: string): CriteriaLeaf => ({
  code,
  title,
  maxPoints,
  method: { kind: 'yes_no' },
  na: 'full',
  evidenceHint,
});

const GRADES = [
  { name: 'Xuất sắc', min: 90 },
  { name: 'Tốt', min: 80 },
  { name: 'Khá', min: 65 },
  { name: 'Trung bình', min: 50 },
  { name: 'Yếu', min: 0 },
];

export const DEPARTMENT_PAR_TREE: CriteriaTree = {
  source:
    'Cấu trúc theo Bộ Chỉ số CCHC cấp tỉnh (QĐ 1150/QĐ-BNV của Bộ Nội vụ), điều chỉnh cho sở, ban, ngành như các tỉnh ban hành (ví dụ QĐ 2071/QĐ-UBND ngày 27/7/2018 của UBND tỉnh Bình Dương). Điểm và thang điểm là mẫu ban đầu: nhập theo quyết định của tỉnh cho năm đánh giá.',
  groups: GRADES,
  fields: [
    {
      code: '1',
      title: 'Công tác chỉ đạo, điều hành cải cách hành chính',
      criteria: [
        {
          code: '1.1',
          title: 'Kế hoạch cải cách hành chính năm',
          leaves: [
            yesNo('1.1.1', 'Ban hành kế hoạch CCHC năm đúng thời hạn', 1.5, 'Kế hoạch CCHC năm của cơ quan'),
            {
              code: '1.1.2',
              title: 'Mức độ hoàn thành nhiệm vụ CCHC đúng hạn',
              maxPoints: 4,
              method: { kind: 'figure_bands', figure: 'tasks_on_time', bands: STEPS_100_80 },
              na: 'drop',
            },
          ],
        },
        {
          code: '1.2',
          title: 'Báo cáo cải cách hành chính',
          leaves: [
            {
              code: '1.2.1',
              title: 'Gửi báo cáo định kỳ đúng hạn (Nghị định 09/2019)',
              maxPoints: 2,
              method: { kind: 'figure_bands', figure: 'reports_on_time', bands: [{ min: 100, share: 1 }] },
              na: 'full',
            },
          ],
        },
        {
          code: '1.3',
          title: 'Tham gia phiên họp Tổ công tác cải cách TTHC',
          leaves: [
            {
              code: '1.3.1',
              title: 'Tham dự đầy đủ các phiên họp',
              maxPoints: 3,
              method: { kind: 'figure_linear', figure: 'attendance', threshold: 100 },
              na: 'full',
            },
            {
              code: '1.3.2',
              title: 'Người đứng đầu dự họp khi được yêu cầu',
              maxPoints: 2,
              method: { kind: 'figure_bands', figure: 'head_attendance', bands: STEPS_100_80 },
              na: 'full',
            },
          ],
        },
        {
          code: '1.4',
          title: 'Tuyên truyền, sáng kiến cải cách hành chính',
          leaves: [
            self('1.4.1', 'Thông tin, tuyên truyền về CCHC', 1.5, 'Kế hoạch, tin bài, hình ảnh tuyên truyền'),
            self('1.4.2', 'Sáng kiến, giải pháp mới trong CCHC được công nhận', 1, 'Quyết định công nhận sáng kiến'),
          ],
        },
      ],
    },
    {
      code: '2',
      title: 'Cải cách thể chế',
      criteria: [
        {
          code: '2.1',
          title: 'Xây dựng, rà soát văn bản quy phạm pháp luật',
          leaves: [
            self('2.1.1', 'Tham mưu ban hành văn bản QPPL đúng kế hoạch', 4, 'Danh mục văn bản, quyết định ban hành'),
            self('2.1.2', 'Rà soát, hệ thống hóa văn bản QPPL', 4, 'Báo cáo kết quả rà soát'),
          ],
        },
      ],
    },
    {
      code: '3',
      title: 'Cải cách thủ tục hành chính',
      criteria: [
        {
          code: '3.1',
          title: 'Rà soát, đơn giản hóa thủ tục hành chính',
          leaves: [
            {
              code: '3.1.1',
              title: 'Gửi phương án xử lý thủ tục không phát sinh hồ sơ đúng hạn',
              maxPoints: 4,
              method: { kind: 'figure_bands', figure: 'reviews_on_time', bands: STEPS_100_80 },
              na: 'full',
            },
            self('3.1.2', 'Đề xuất phương án đơn giản hóa thủ tục được chấp thuận', 2, 'Quyết định phê duyệt phương án'),
          ],
        },
        {
          code: '3.2',
          title: 'Công khai thủ tục hành chính',
          leaves: [yesNo('3.2.1', 'Công khai đầy đủ, đúng quy định các thủ tục', 2, 'Ảnh chụp trang công khai, Cổng DVC')],
        },
        {
          code: '3.3',
          title: 'Kết quả giải quyết hồ sơ thủ tục hành chính',
          leaves: [
            {
              code: '3.3.1',
              title: 'Tỷ lệ hồ sơ giải quyết trước và đúng hạn',
              maxPoints: 8,
              method: { kind: 'figure_bands', figure: 'dossiers_on_time', bands: STEPS_DOSSIERS },
              na: 'drop',
            },
          ],
        },
        {
          code: '3.4',
          title: 'Tiếp nhận, xử lý phản ánh, kiến nghị',
          leaves: [
            {
              code: '3.4.1',
              title: 'Trả lời phản ánh, kiến nghị đúng hạn',
              maxPoints: 5,
              method: { kind: 'figure_linear', figure: 'feedback_on_time', threshold: 100 },
              na: 'full',
            },
            {
              code: '3.4.2',
              title: 'Người phản ánh hài lòng với kết quả trả lời',
              maxPoints: 4,
              method: { kind: 'figure_linear', figure: 'feedback_satisfaction', threshold: 90 },
              na: 'full',
            },
          ],
        },
      ],
    },
    {
      code: '4',
      title: 'Cải cách tổ chức bộ máy hành chính nhà nước',
      criteria: [
        {
          code: '4.1',
          title: 'Sắp xếp tổ chức bộ máy',
          leaves: [
            self(
              '4.1.1',
              'Thực hiện quy định về cơ cấu tổ chức, chức năng, nhiệm vụ',
              4,
              'Quyết định quy định chức năng, nhiệm vụ',
            ),
            self('4.1.2', 'Thực hiện biên chế được giao', 4, 'Báo cáo sử dụng biên chế'),
          ],
        },
      ],
    },
    {
      code: '5',
      title: 'Cải cách chế độ công vụ',
      criteria: [
        {
          code: '5.1',
          title: 'Vị trí việc làm, tuyển dụng, đánh giá công chức',
          leaves: [
            self('5.1.1', 'Thực hiện vị trí việc làm được phê duyệt', 4, 'Quyết định phê duyệt vị trí việc làm'),
            self('5.1.2', 'Tuyển dụng, đánh giá, xếp loại đúng quy định', 3, 'Kết quả đánh giá, xếp loại'),
          ],
        },
        {
          code: '5.2',
          title: 'Kỷ luật, kỷ cương hành chính',
          leaves: [
            yesNo('5.2.1', 'Chấp hành kỷ luật, kỷ cương, không có vi phạm bị phản ánh', 3, 'Báo cáo kiểm tra công vụ'),
            {
              code: '5.2.2',
              title: 'Cán bộ, công chức bị xử lý kỷ luật trong năm (điểm trừ)',
              maxPoints: 3,
              method: { kind: 'deduction', perCase: 1 },
              na: 'full',
              evidenceHint: 'Quyết định kỷ luật',
            },
          ],
        },
      ],
    },
    {
      code: '6',
      title: 'Cải cách tài chính công',
      criteria: [
        {
          code: '6.1',
          title: 'Quản lý, sử dụng tài chính, tài sản công',
          leaves: [
            self('6.1.1', 'Thực hiện quy chế chi tiêu nội bộ, tự chủ tài chính', 3, 'Quy chế chi tiêu nội bộ'),
            yesNo('6.1.2', 'Không có sai phạm tài chính bị cơ quan có thẩm quyền kết luận', 3, 'Kết luận thanh tra, kiểm toán'),
          ],
        },
      ],
    },
    {
      code: '7',
      title: 'Xây dựng, phát triển Chính phủ điện tử, Chính phủ số',
      criteria: [
        {
          code: '7.1',
          title: 'Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến',
          leaves: [
            self('7.1.1', 'Xử lý văn bản, hồ sơ công việc trên môi trường mạng', 4, 'Báo cáo từ hệ thống quản lý văn bản'),
            yesNo('7.1.2', 'Cung cấp dịch vụ công trực tuyến toàn trình theo danh mục được giao', 3, 'Danh mục trên Cổng DVC'),
            self('7.1.3', 'Số hóa hồ sơ, kết quả giải quyết thủ tục', 3, 'Báo cáo số hóa'),
          ],
        },
      ],
    },
    {
      code: '8',
      title: 'Tác động của cải cách hành chính (điều tra xã hội học)',
      criteria: [
        {
          code: '8.1',
          title: 'Sự hài lòng của người dân, tổ chức (SIPAS)',
          leaves: [
            {
              code: '8.1.1',
              title: 'Chỉ số hài lòng về sự phục vụ hành chính',
              maxPoints: 10,
              method: { kind: 'survey' },
              na: 'drop',
            },
          ],
        },
        {
          code: '8.2',
          title: 'Đánh giá của đại biểu, cán bộ về công tác CCHC',
          leaves: [
            { code: '8.2.1', title: 'Kết quả khảo sát cán bộ, công chức', maxPoints: 8, method: { kind: 'survey' }, na: 'drop' },
          ],
        },
      ],
    },
  ],
};

export const COMMUNE_PAR_TREE: CriteriaTree = {
  source:
    'Cấu trúc theo Bộ Chỉ số CCHC cấp tỉnh (QĐ 1150/QĐ-BNV của Bộ Nội vụ), điều chỉnh cho UBND cấp xã như các tỉnh ban hành (ví dụ QĐ 2071/QĐ-UBND ngày 27/7/2018 của UBND tỉnh Bình Dương). Điểm và thang điểm là mẫu ban đầu: nhập theo quyết định của tỉnh cho năm đánh giá.',
  groups: GRADES,
  fields: [
    {
      code: '1',
      title: 'Công tác chỉ đạo, điều hành cải cách hành chính',
      criteria: [
        {
          code: '1.1',
          title: 'Kế hoạch và báo cáo cải cách hành chính',
          leaves: [
            yesNo('1.1.1', 'Ban hành kế hoạch CCHC năm đúng thời hạn', 2, 'Kế hoạch CCHC năm của UBND xã'),
            {
              code: '1.1.2',
              title: 'Hoàn thành nhiệm vụ CCHC đúng hạn',
              maxPoints: 5,
              method: { kind: 'figure_bands', figure: 'tasks_on_time', bands: STEPS_100_80 },
              na: 'drop',
            },
            {
              code: '1.1.3',
              title: 'Gửi báo cáo định kỳ đúng hạn',
              maxPoints: 3,
              method: { kind: 'figure_bands', figure: 'reports_on_time', bands: [{ min: 100, share: 1 }] },
              na: 'full',
            },
          ],
        },
        {
          code: '1.2',
          title: 'Tuyên truyền cải cách hành chính',
          leaves: [self('1.2.1', 'Thông tin, tuyên truyền về CCHC tại xã', 3, 'Tin bài, hình ảnh, loa truyền thanh')],
        },
      ],
    },
    {
      code: '2',
      title: 'Cải cách thủ tục hành chính',
      criteria: [
        {
          code: '2.1',
          title: 'Bộ phận Một cửa và công khai thủ tục',
          leaves: [
            yesNo('2.1.1', 'Công khai đầy đủ thủ tục tại Bộ phận Một cửa', 4, 'Ảnh chụp nơi niêm yết'),
            self('2.1.2', 'Bố trí công chức Bộ phận Một cửa đúng quy định', 3, 'Quyết định cử công chức'),
          ],
        },
        {
          code: '2.2',
          title: 'Kết quả giải quyết hồ sơ thủ tục hành chính',
          leaves: [
            {
              code: '2.2.1',
              title: 'Tỷ lệ hồ sơ giải quyết trước và đúng hạn',
              maxPoints: 12,
              method: { kind: 'figure_bands', figure: 'dossiers_on_time', bands: STEPS_DOSSIERS },
              na: 'drop',
            },
          ],
        },
        {
          code: '2.3',
          title: 'Tiếp nhận, xử lý phản ánh, kiến nghị',
          leaves: [
            {
              code: '2.3.1',
              title: 'Trả lời phản ánh, kiến nghị đúng hạn',
              maxPoints: 6,
              method: { kind: 'figure_linear', figure: 'feedback_on_time', threshold: 100 },
              na: 'full',
            },
            {
              code: '2.3.2',
              title: 'Người phản ánh hài lòng với kết quả trả lời',
              maxPoints: 4,
              method: { kind: 'figure_linear', figure: 'feedback_satisfaction', threshold: 90 },
              na: 'full',
            },
          ],
        },
      ],
    },
    {
      code: '3',
      title: 'Tổ chức bộ máy và chế độ công vụ',
      criteria: [
        {
          code: '3.1',
          title: 'Tổ chức bộ máy, đội ngũ cán bộ, công chức cấp xã',
          leaves: [
            self('3.1.1', 'Bố trí cán bộ, công chức đúng số lượng, tiêu chuẩn', 6, 'Danh sách cán bộ, công chức'),
            yesNo('3.1.2', 'Chấp hành kỷ luật, kỷ cương hành chính', 5, 'Báo cáo kiểm tra công vụ'),
            {
              code: '3.1.3',
              title: 'Cán bộ, công chức bị xử lý kỷ luật trong năm (điểm trừ)',
              maxPoints: 3,
              method: { kind: 'deduction', perCase: 1 },
              na: 'full',
              evidenceHint: 'Quyết định kỷ luật',
            },
          ],
        },
      ],
    },
    {
      code: '4',
      title: 'Tài chính công',
      criteria: [
        {
          code: '4.1',
          title: 'Quản lý ngân sách, tài sản công của xã',
          leaves: [self('4.1.1', 'Công khai ngân sách, quản lý tài sản đúng quy định', 8, 'Biên bản, ảnh công khai ngân sách')],
        },
      ],
    },
    {
      code: '5',
      title: 'Chuyển đổi số',
      criteria: [
        {
          code: '5.1',
          title: 'Dịch vụ công trực tuyến, số hóa',
          leaves: [
            self('5.1.1', 'Tiếp nhận, giải quyết hồ sơ trực tuyến', 8, 'Báo cáo từ Cổng DVC'),
            self('5.1.2', 'Số hóa hồ sơ, kết quả giải quyết thủ tục', 6, 'Báo cáo số hóa'),
          ],
        },
      ],
    },
    {
      code: '6',
      title: 'Tác động của cải cách hành chính (điều tra xã hội học)',
      criteria: [
        {
          code: '6.1',
          title: 'Sự hài lòng của người dân, tổ chức (SIPAS)',
          leaves: [
            {
              code: '6.1.1',
              title: 'Chỉ số hài lòng về sự phục vụ hành chính',
              maxPoints: 25,
              method: { kind: 'survey' },
              na: 'drop',
            },
          ],
        },
      ],
    },
  ],
};
