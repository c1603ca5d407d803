/** The HTTP server: tRPC at /trpc, /health, and the built admin app with SPA fallback. */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '@cchc/api/context';
import type { AppRouter } from '@cchc/api/root';
import { appRouter } from '@cchc/api/root';
import { DATABASE_UNAVAILABLE } from '@cchc/api/trpc';
import { sessionCookieName, type ValidSession, validateSessionToken } from '@cchc/core/auth/session';
import { type Clock, resolveClock } from '@cchc/core/clock';
import { AppError } from '@cchc/core/errors';
import { exportFeedback, feedbackFilterFromSearchParams } from '@cchc/core/feedback/export';
import { fileForViewer, MAX_FILE_BYTES, MAX_IMPORT_BYTES, saveFile } from '@cchc/core/files/service';
import { exportAttendanceSheet, sessionIcs } from '@cchc/core/meetings/export';
import { exportTasks } from '@cchc/core/plans/export';
import { taskFilterFromSearchParams } from '@cchc/core/plans/schemas';
import { taskTemplate } from '@cchc/core/plans/task-import';
import { REPORT_FORMATS, type ReportFormat, reportFile } from '@cchc/core/reports/generate';
import { rankingsXlsx } from '@cchc/core/scores/runs';
import { readClockOffsetDays } from '@cchc/core/settings/clock-offset';
import { isDatabaseUnavailable } from '@cchc/db/pool';
import type { Database } from '@cchc/db/schema';
import { ruleOf } from '@cchc/domain/access';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DestinationStream } from 'pino';
import { loggerOptions } from './logger';
import { registerPublicRoutes } from './public-routes';
import { registerSecurity, requestRefusal } from './security';

export interface HttpOptions {
  db: Kysely<Database>;
  logLevel: string;
  adminDistDir: string | null;
  /** The absolute lifetime of a session, in days (fractions allowed: SESSION_TTL_HOURS / 24). */
  sessionTtlDays: number;
  /** A session unused this long ends (SESSION_IDLE_MINUTES); the core default (30) when absent. */
  sessionIdleMinutes?: number;
  secureCookies: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  /** Where log lines go instead of stdout (tests capture them here). */
  logStream?: DestinationStream;
  /** Demos and browser tests may shift "today" (system.setClockOffset); never in production. */
  allowClockControl?: boolean;
  /** What one agency's uploads may add up to (UPLOAD_QUOTA_MB_PER_AGENCY); the core default when absent. */
  uploadQuotaBytes?: number;
  /** What one person's uploads may add up to (UPLOAD_QUOTA_MB_PER_USER); the core default when absent. */
  uploadUserQuotaBytes?: number;
  /** Whether the in-process worker still runs (for /health); absent when there is none. */
  workerRunning?: () => boolean;
  /** Told every route as it is registered (the access-policy test walks them). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

const APP_ERROR_STATUS: Record<AppError['kind'], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
};

/** RFC 6266/5987 attachment header that keeps Vietnamese file names intact. */
export function attachmentHeader(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const MAX_BODY_BYTES = 25 * 1024 * 1024;

const isReportFormat = (format: string): format is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(format);

export async function buildHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logStream
      ? { ...loggerOptions(options.logLevel), stream: options.logStream }
      : loggerOptions(options.logLevel),
    genReqId: () => randomUUID(),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy,
    return503OnClosing: true,
  });

  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // PostgreSQL down or restarting: 503 with a retry hint, never a 500; the pool reconnects by itself.
  const sendUnavailable = (reply: FastifyReply, error: unknown) => {
    reply.log.warn({ err: error }, 'database unavailable');
    return reply.code(503).header('retry-after', '10').send({ error: 'database_unavailable', message: DATABASE_UNAVAILABLE });
  };
  app.setErrorHandler((error, _request, reply) => {
    if (isDatabaseUnavailable(error)) return sendUnavailable(reply, error);
    // Fastify's own refusals of a request body (too large, unsupported type, broken JSON) in Vietnamese.
    const refusal = requestRefusal(error);
    if (refusal) return reply.code(refusal.status).send(refusal.body);
    return reply.send(error);
  });

  await app.register(fastifyCookie);
  // Over HTTPS the cookie is Secure and named with the __Host- prefix; only that name is read there.
  const secureOf = (req: FastifyRequest) =>
    options.secureCookies === 'auto' ? req.protocol === 'https' : options.secureCookies === 'true';
  const cookieNameOf = (req: FastifyRequest) => sessionCookieName(secureOf(req));
  const sessionOf = async (req: FastifyRequest): Promise<ValidSession | null> => {
    const token = req.cookies[cookieNameOf(req)];
    return token
      ? validateSessionToken(options.db, token, options.sessionTtlDays, {
          idleMinutes: options.sessionIdleMinutes,
          address: req.ip,
        })
      : null;
  };
  await registerSecurity(app, { sessionOf });

  const allowClock = options.allowClockControl ?? false;
  const clockFor = (): Promise<Clock> => resolveClock(() => readClockOffsetDays(options.db), allowClock);
  /**
   * The file and export routes' access check, by the one policy (domain/access.ts) under the route's own
   * `METHOD /url`: 401 without a session, 403 for a role the rule does not name (deny when there is no rule).
   * The service behind each route applies the agency scope.
   */
  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<ValidSession | null> => {
    const rule = ruleOf(`${req.method === 'HEAD' ? 'GET' : req.method} ${req.routeOptions.url}`);
    const session = await sessionOf(req);
    if (!session) {
      await reply.code(401).send({ error: 'unauthorized', message: 'Vui lòng đăng nhập.' });
      return null;
    }
    if (rule?.kind !== 'roles' || rule.grants[session.user.role] === undefined) {
      await reply.code(403).send({ error: 'forbidden', message: 'Bạn không có quyền thực hiện chức năng này.' });
      return null;
    }
    return session;
  };
  const sendError = (reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError)
      return reply.code(APP_ERROR_STATUS[error.kind]).send({ error: error.code, message: error.message });
    if (isDatabaseUnavailable(error)) return sendUnavailable(reply, error);
    reply.log.error({ err: error }, 'file route failed');
    return reply.code(500).send({ error: 'internal', message: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.' });
  };

  // Evidence files: raw bytes in, so large files never pass through JSON; the name travels in a header.
  await app.register(async (scope) => {
    // Every file is bytes, whatever its type: without this, text/plain and JSON files hit Fastify's own parsers.
    scope.removeAllContentTypeParsers();
    // Evidence up to MAX_FILE_BYTES; a file for an import (?purpose=import) up to MAX_IMPORT_BYTES, checked per request.
    const parserLimit = Math.max(MAX_FILE_BYTES, MAX_IMPORT_BYTES);
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: parserLimit }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error: { code?: string }, _req, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply
          .code(413)
          .send({ error: 'files.too_large', message: `Tệp quá lớn (tối đa ${Math.round(parserLimit / 1024 / 1024)} MB).` });
      }
      throw error;
    });
    scope.post('/api/files', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      const body = req.body;
      if (!Buffer.isBuffer(body)) return reply.code(400).send({ error: 'files.empty', message: 'Tệp rỗng.' });
      const maxBytes = (req.query as { purpose?: string }).purpose === 'import' ? MAX_IMPORT_BYTES : MAX_FILE_BYTES;
      if (body.length > maxBytes)
        return reply
          .code(413)
          .send({ error: 'files.too_large', message: `Tệp quá lớn (tối đa ${Math.round(maxBytes / 1024 / 1024)} MB).` });
      const rawName = req.headers['x-file-name'];
      let fileName = 'tep';
      try {
        if (typeof rawName === 'string') fileName = decodeURIComponent(rawName);
      } catch {
        return reply.code(400).send({ error: 'files.bad_name', message: 'Tên tệp không hợp lệ.' });
      }
      const u = session.user;
      try {
        const saved = await saveFile(
          options.db,
          { userId: u.id, username: u.username, role: u.role, agencyId: u.agencyId, requestId: req.id },
          { fileName, contentType: req.headers['content-type'] ?? 'application/octet-stream', content: body },
          { maxBytes, quotaBytes: options.uploadQuotaBytes, userQuotaBytes: options.uploadUserQuotaBytes },
        );
        return reply.code(201).send(saved);
      } catch (error) {
        return sendError(reply, error);
      }
    });
    scope.get<{ Params: { id: string; file: string } }>('/api/exports/sessions/:id/:file', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.code(404).send({ error: 'not_found' });
      const u = session.user;
      const viewer = { userId: u.id, role: u.role, agencyId: u.agencyId };
      try {
        const clock = await clockFor();
        const file =
          req.params.file === 'attendance.pdf'
            ? await exportAttendanceSheet(options.db, viewer, clock, req.params.id, 'pdf')
            : req.params.file === 'attendance.xlsx'
              ? await exportAttendanceSheet(options.db, viewer, clock, req.params.id, 'xlsx')
              : req.params.file === 'invitation.ics'
                ? await sessionIcs(options.db, viewer, clock, req.params.id)
                : null;
        if (!file) return reply.code(404).send({ error: 'not_found' });
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentHeader(file.fileName))
          .send(file.body);
      } catch (error) {
        return sendError(reply, error);
      }
    });
    scope.get('/api/exports/task-template.xlsx', async (req, reply) => {
      if (!(await guard(req, reply))) return reply;
      const body = await taskTemplate(options.db);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentHeader('mau-nhap-nhiem-vu.xlsx'))
        .send(body);
    });
    scope.get<{ Params: { format: string } }>('/api/exports/tasks.:format', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      const format = req.params.format;
      if (format !== 'xlsx' && format !== 'csv') return reply.code(404).send({ error: 'not_found' });
      try {
        const params = new URL(req.url, 'http://local').searchParams;
        const u = session.user;
        const file = await exportTasks(
          options.db,
          { userId: u.id, role: u.role, agencyId: u.agencyId },
          await clockFor(),
          taskFilterFromSearchParams(params),
          format,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentHeader(file.fileName))
          .send(file.body);
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError')
          return reply.code(400).send({ error: 'bad_request', message: 'Bộ lọc không hợp lệ.' });
        return sendError(reply, error);
      }
    });
    scope.get<{ Params: { format: string } }>('/api/exports/feedback.:format', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      const format = req.params.format;
      if (format !== 'xlsx' && format !== 'csv') return reply.code(404).send({ error: 'not_found' });
      try {
        const u = session.user;
        const filter = feedbackFilterFromSearchParams(new URL(req.url, 'http://local').searchParams);
        const file = await exportFeedback(
          options.db,
          { userId: u.id, role: u.role, agencyId: u.agencyId },
          filter,
          await clockFor(),
          format,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentHeader(file.fileName))
          .send(file.body);
      } catch (error) {
        if (error instanceof Error && error.name === 'ZodError')
          return reply.code(400).send({ error: 'bad_request', message: 'Bộ lọc không hợp lệ.' });
        return sendError(reply, error);
      }
    });
    scope.get<{ Params: { id: string; format: string } }>('/api/reports/:id.:format', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      // '<id>.signed.pdf' is the signed PDF uploaded back; '<id>.json' the indicators as data.
      const signed = req.params.id.endsWith('.signed') && req.params.format === 'pdf';
      const id = signed ? req.params.id.slice(0, -'.signed'.length) : req.params.id;
      const format = signed ? 'signed.pdf' : req.params.format;
      if (!isReportFormat(format) || !/^[0-9a-f-]{36}$/i.test(id)) {
        return reply.code(404).send({ error: 'not_found' });
      }
      try {
        const file = await reportFile(options.db, id, format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentHeader(file.fileName))
          .send(file.body);
      } catch (error) {
        return sendError(reply, error);
      }
    });
    scope.get<{ Params: { id: string } }>('/api/exports/scores/:id.xlsx', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.code(404).send({ error: 'not_found' });
      try {
        const file = await rankingsXlsx(options.db, req.params.id);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachmentHeader(file.fileName))
          .send(file.body);
      } catch (error) {
        return sendError(reply, error);
      }
    });
    scope.get<{ Params: { id: string } }>('/api/files/:id', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.code(404).send({ error: 'not_found' });
      try {
        const file = await fileForViewer(
          options.db,
          { userId: session.user.id, role: session.user.role, agencyId: session.user.agencyId },
          req.params.id,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentHeader(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .send(file.content);
      } catch (error) {
        return sendError(reply, error);
      }
    });
  });

  // Public pages, open data, Open311 and the API for other systems: no session, so no session CSRF check.
  await registerPublicRoutes(app, { db: options.db, clockFor });

  // For load balancers and supervisors: 200 only when the database answers and the in-process worker runs.
  app.get('/health', async (_request, reply) => {
    const worker = options.workerRunning ? (options.workerRunning() ? 'running' : 'stopped') : 'none';
    let database: 'ok' | 'unavailable' = 'ok';
    try {
      await sql`select 1`.execute(options.db);
    } catch {
      database = 'unavailable';
    }
    const ok = database === 'ok' && worker !== 'stopped';
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ok ? 'ok' : database === 'ok' ? 'worker_stopped' : 'database_unavailable', database, worker });
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }): Promise<Context> {
        const name = cookieNameOf(req);
        const token = req.cookies[name];
        const session = await sessionOf(req).catch((error: unknown) => {
          if (isDatabaseUnavailable(error)) {
            throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: error });
          }
          throw error;
        });
        const secure = secureOf(req);
        const cookie = {
          set(value: string, expiresAt: Date) {
            res.setCookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
          },
          clear() {
            res.clearCookie(name, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
          },
        };
        if (session?.refreshed && token) cookie.set(token, session.expiresAt);
        return {
          db: options.db,
          session,
          requestId: req.id,
          address: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          log: req.log,
          cookie,
          clock: await clockFor(),
          config: {
            sessionTtlDays: options.sessionTtlDays,
            sessionIdleMinutes: options.sessionIdleMinutes,
            allowClockControl: allowClock,
          },
        };
      },
      onError({ error, path, req }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error.cause ?? error, path }, 'procedure failed');
        else req.log.info({ path, code: error.code }, 'procedure refused');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  const dist = options.adminDistDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !/^\/(trpc|api|health)(\/|$|\?)/.test(request.url)) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'not_found' });
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Ứng dụng quản trị chưa được build: chạy `pnpm --filter @cchc/admin build`.'),
    );
  }

  return app;
}
