/**
 * tRPC setup: every procedure declares who may call it (meta.access); a procedure without a
 * declaration is refused (deny by default). Service errors become 4xx with Vietnamese messages;
 * anything unexpected becomes a generic 500 without a stack trace.
 */
import '@cchc/core/zod-locale';
import type { Actor } from '@cchc/core/actor';
import type { SessionUser } from '@cchc/core/auth/session';
import { AppError, type AppErrorKind } from '@cchc/core/errors';
import { isDatabaseUnavailable, isRefusedValue } from '@cchc/db/pool';
import type { Role } from '@cchc/domain/roles';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context';

export type Access = 'public' | 'authenticated' | readonly Role[];
export interface Meta {
  access?: Access;
}

const GENERIC_ERROR = 'Đã có lỗi xảy ra. Vui lòng thử lại sau.';

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const app = cause instanceof AppError ? cause : null;
      const zod = cause instanceof ZodError ? z.flattenError(cause) : null;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      return {
        code: shape.code,
        message: internal ? GENERIC_ERROR : zod ? 'Dữ liệu nhập không hợp lệ.' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: app?.code ?? null,
          params: app?.params ?? null,
          fieldErrors: zod?.fieldErrors ?? null,
          formErrors: zod?.formErrors ?? null,
        },
      };
    },
  });

const KIND_TO_CODE: Record<AppErrorKind, TRPCError['code']> = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  too_many_requests: 'TOO_MANY_REQUESTS',
};

/** Said when PostgreSQL is down or restarting: a 503 the client may retry, not a 500. */
export const DATABASE_UNAVAILABLE = 'Cơ sở dữ liệu tạm thời không sẵn sàng. Vui lòng thử lại sau ít phút.';

/** Said when PostgreSQL refuses a value (see isRefusedValue): a 400 the person can fix, not a 500. */
export const REFUSED_VALUE =
  'Dữ liệu nhập có giá trị không hợp lệ (ký tự đặc biệt, ngày hoặc số ngoài phạm vi). Vui lòng kiểm tra lại.';

const translateAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: KIND_TO_CODE[cause.kind], message: cause.message, cause });
  }
  if (!result.ok && isRefusedValue(result.error.cause)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: REFUSED_VALUE, cause: result.error.cause });
  }
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: result.error.cause });
  }
  return result;
});

const enforceAccess = t.middleware(({ ctx, meta, next }) => {
  const access = meta?.access;
  if (access === undefined) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Chức năng này chưa được cấp quyền cho ai.' });
  }
  if (access === 'public') return next();
  if (!ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Vui lòng đăng nhập.' });
  }
  if (access !== 'authenticated' && !access.includes(ctx.session.user.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện chức năng này.' });
  }
  return next();
});

const requireUser = t.middleware(({ ctx, next }) => {
  const session = ctx.session;
  if (!session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Vui lòng đăng nhập.' });
  const user: SessionUser = session.user;
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    role: user.role,
    agencyId: user.agencyId,
    requestId: ctx.requestId,
  };
  return next({ ctx: { ...ctx, session, user, actor } });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(translateAppErrors).use(enforceAccess);

/** Anyone, signed in or not (sign-in itself, "who am I"). */
export const publicProcedure = base.meta({ access: 'public' });

/** Signed-in users; with roles, only those roles. */
export function allow(...roles: Role[]) {
  return base.meta({ access: roles.length ? roles : 'authenticated' }).use(requireUser);
}
