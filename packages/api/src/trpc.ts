/**
 * tRPC setup: who may call each procedure, and on which agencies, is the one access policy
 * (domain/access.ts, looked up by the procedure's path); a procedure without a rule there is refused
 * (deny by default). Service errors become 4xx with Vietnamese messages;
 * anything unexpected becomes a generic 500 without a stack trace.
 */
import '@cchc/core/zod-locale';
import type { Actor } from '@cchc/core/actor';
import type { SessionUser } from '@cchc/core/auth/session';
import { AppError, type AppErrorKind } from '@cchc/core/errors';
import { isDatabaseUnavailable, isMissingReference, isRefusedValue } from '@cchc/db/pool';
import { type AgencyScope, agencyScopeOf, ruleOf } from '@cchc/domain/access';
import { INPUT_PROBLEM_MESSAGES, inputProblem } from '@cchc/domain/input-safety';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context';

const GENERIC_ERROR = 'Đã có lỗi xảy ra. Vui lòng thử lại sau.';

const t = initTRPC.context<Context>().create({
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

/** Said when a write names a row that does not exist (SQLSTATE 23503): a 400, not a 500. */
export const MISSING_REFERENCE =
  'Dữ liệu tham chiếu (cơ quan, kế hoạch, người dùng…) không tồn tại hoặc đã bị xóa. Vui lòng tải lại trang và chọn lại.';

const translateAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: KIND_TO_CODE[cause.kind], message: cause.message, cause });
  }
  if (!result.ok && isRefusedValue(result.error.cause)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: REFUSED_VALUE, cause: result.error.cause });
  }
  if (!result.ok && isMissingReference(result.error.cause)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: MISSING_REFERENCE, cause: result.error.cause });
  }
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: result.error.cause });
  }
  return result;
});

/** Refuses a call the access policy does not grant: deny when the procedure has no rule, sign-in, then role. */
const enforceAccess = t.middleware(({ ctx, path, next }) => {
  const rule = ruleOf(path);
  if (rule === undefined || (rule.kind !== 'public' && rule.kind !== 'roles')) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Chức năng này chưa được cấp quyền cho ai.' });
  }
  if (rule.kind === 'public') return next();
  if (!ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Vui lòng đăng nhập.' });
  }
  if (rule.grants[ctx.session.user.role] === undefined) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện chức năng này.' });
  }
  return next();
});

/**
 * One guard over every procedure's raw input, before its schema: NUL / lone surrogates, integers past
 * PostgreSQL's, dates outside 1900–2100, absurd nesting (domain/input-safety) are a 400 naming the field.
 */
const rejectUnsafeInput = t.middleware(async ({ getRawInput, next }) => {
  // A body that is not JSON at all (an input-less mutation may come with none) is left to the procedure:
  // one with an input schema refuses it there, as before.
  const raw = await getRawInput().catch(() => undefined);
  const problem = inputProblem(raw);
  if (problem) {
    const message = INPUT_PROBLEM_MESSAGES[problem.kind];
    const cause = new AppError('bad_request', `input.${problem.kind}`, message, { field: problem.path });
    throw new TRPCError({ code: 'BAD_REQUEST', message, cause });
  }
  return next();
});

/** Said to a user who signed in with a password an admin issued, on anything but changing it. */
export const MUST_CHANGE_PASSWORD = 'Bạn cần đổi mật khẩu ban đầu (do quản trị viên cấp) trước khi sử dụng hệ thống.';

/**
 * What a user who must change the admin-issued password may still do (auth.me is public): change it, sign
 * out, and read the server's "today" the app's frame needs to show the form.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['auth.changePassword', 'auth.signOut', 'system.clock']);

const requireUser = t.middleware(({ ctx, path, next }) => {
  const session = ctx.session;
  if (!session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Vui lòng đăng nhập.' });
  if (session.user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path)) {
    const cause = new AppError('forbidden', 'auth.must_change_password', MUST_CHANGE_PASSWORD);
    throw new TRPCError({ code: 'FORBIDDEN', message: MUST_CHANGE_PASSWORD, cause });
  }
  const user: SessionUser = session.user;
  // enforceAccess ran first, so the policy grants this role the procedure: on these agencies.
  const scope: AgencyScope = agencyScopeOf(path, user.role) ?? 'own';
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    role: user.role,
    agencyId: user.agencyId,
    requestId: ctx.requestId,
  };
  return next({ ctx: { ...ctx, session, user, actor, scope } });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(translateAppErrors).use(enforceAccess).use(rejectUnsafeInput);

/** Procedures the policy opens to anyone, signed in or not (sign-in itself, "who am I"). */
export const publicProcedure = base;

/** Procedures for signed-in users; which roles, on which agencies, is the policy's rule for the procedure's path. */
export const signedInProcedure = base.use(requireUser);
