/** Input schemas of sessions, attendance and conclusions, shared by the API and the admin app's forms. */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { ATTENDANCE_MARKS, EXPECTED_LEVELS, SESSION_MODES, SESSION_STATUSES } from '@cchc/domain/meetings/attendance';
import { z } from 'zod';
import { ZWorkDate } from '../input';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Tối đa ${max} ký tự.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZGroupCreate = z.object({
  name: z.string().trim().min(3, 'Tên tổ công tác cần ít nhất 3 ký tự.').max(300),
  description: optionalText(2000),
});

const ZInstant = z.iso.datetime({ offset: true, error: 'Thời gian không hợp lệ.' });

const sessionFields = {
  title: z.string().trim().min(3, 'Tên phiên họp cần ít nhất 3 ký tự.').max(500),
  startsAt: ZInstant,
  endsAt: ZInstant.nullish().transform((v) => v ?? null),
  mode: z.enum(SESSION_MODES),
  chair: optionalText(300),
  agenda: optionalText(10000),
  sites: z
    .array(
      z.object({
        name: z.string().trim().min(2, 'Tên điểm cầu cần ít nhất 2 ký tự.').max(300),
        hostAgencyId: z
          .uuid()
          .nullish()
          .transform((v) => v ?? null),
      }),
    )
    .max(200)
    .default([]),
};

function timesRule(v: { startsAt: string; endsAt: string | null }, ctx: z.RefinementCtx) {
  if (v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
  }
}

export const ZSessionCreate = z
  .object({
    groupId: z.uuid({ error: 'Vui lòng chọn tổ công tác.' }),
    ...sessionFields,
    invitations: z
      .array(z.object({ agencyId: z.uuid(), expectedLevel: z.enum(EXPECTED_LEVELS).default('head') }))
      .min(1, 'Vui lòng mời ít nhất một cơ quan.')
      .max(5000),
  })
  .superRefine(timesRule);
export type TSessionCreate = z.output<typeof ZSessionCreate>;

export const ZSessionUpdate = z
  .object({
    id: z.uuid(),
    ...sessionFields,
    minutes: optionalText(50000),
    status: z.enum(SESSION_STATUSES),
  })
  .superRefine(timesRule);

export const ZAttendanceMark = z
  .object({
    agencyId: z.uuid(),
    mark: z.enum(ATTENDANCE_MARKS).nullable(),
    delegateName: optionalText(200),
    delegatePosition: optionalText(200),
    absenceReason: optionalText(1000),
    absenceDocument: optionalText(200),
    lateMinutes: z
      .number()
      .int()
      .min(0)
      .max(600)
      .nullish()
      .transform((v) => v ?? null),
    siteId: z
      .uuid()
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.mark === 'present_delegate' && !v.delegateName) {
      ctx.addIssue({ code: 'custom', path: ['delegateName'], message: 'Vui lòng ghi họ tên người được ủy quyền.' });
    }
    if (v.mark === 'absent_excused' && !v.absenceReason) {
      ctx.addIssue({ code: 'custom', path: ['absenceReason'], message: 'Vui lòng ghi lý do vắng.' });
    }
  });

export const ZMarkAttendance = z.object({
  sessionId: z.uuid(),
  marks: z.array(ZAttendanceMark).min(1).max(5000),
  /** Required once the sheet is finalised: every correction says why. */
  reason: optionalText(1000),
});
export type TMarkAttendance = z.output<typeof ZMarkAttendance>;

export const ZConclusionCreate = z.object({
  sessionId: z.uuid(),
  content: z.string().trim().min(5, 'Nội dung kết luận cần ít nhất 5 ký tự.').max(5000),
});

export const ZConclusionToTask = z.object({
  conclusionId: z.uuid(),
  planId: z.uuid({ error: 'Vui lòng chọn kế hoạch.' }),
  title: z.string().trim().min(3, 'Tên nhiệm vụ cần ít nhất 3 ký tự.').max(1000),
  leadAgencyId: z.uuid({ error: 'Vui lòng chọn cơ quan chủ trì.' }),
  coordinatorIds: z.array(z.uuid()).max(200).default([]),
  deadline: ZWorkDate.nullish().transform((v) => v ?? null),
});

export const ZAttendanceQuery = z.object({
  groupId: z.uuid().optional(),
  from: z.string().refine(isIsoDate, 'Ngày không hợp lệ.').optional(),
  to: z.string().refine(isIsoDate, 'Ngày không hợp lệ.').optional(),
});
export type TAttendanceQuery = z.infer<typeof ZAttendanceQuery>;
