/** Input schemas of user management, shared by the API and the admin app's forms. */
import { ROLES } from '@cchc/domain/roles';
import { z } from 'zod';
import { ZNewPassword, ZUsername } from '../auth/schemas';

export const ZRole = z.enum(ROLES, { error: 'Vai trò không hợp lệ.' });

const ZDisplayName = z.string().trim().min(2, 'Họ tên cần ít nhất 2 ký tự.').max(120, 'Họ tên tối đa 120 ký tự.');
const ZEmail = z
  .union([z.email({ error: 'Email không hợp lệ.' }).max(200), z.literal('')])
  .optional()
  .transform((v) => (v ? v : null));

export const ZCreateUser = z.object({
  username: ZUsername,
  displayName: ZDisplayName,
  email: ZEmail,
  role: ZRole,
  agencyId: z.uuid({ error: 'Vui lòng chọn cơ quan.' }),
  password: ZNewPassword,
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export const ZUpdateUser = z.object({
  id: z.uuid(),
  displayName: ZDisplayName,
  email: ZEmail,
  role: ZRole,
  agencyId: z.uuid({ error: 'Vui lòng chọn cơ quan.' }),
});

export const ZSetUserActive = z.object({ id: z.uuid(), isActive: z.boolean() });

export const ZResetPassword = z.object({ id: z.uuid(), password: ZNewPassword });

export const ZUserList = z.object({
  query: z.string().trim().max(100).default(''),
  role: ZRole.optional(),
  agencyId: z.uuid().optional(),
  includeInactive: z.boolean().default(true),
  limit: z.number().int().min(1).max(500).default(200),
});
