/** The HTTP server: tRPC at /trpc, /health, and the built admin app with SPA fallback. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '@cchc/api/context';
import type { AppRouter } from '@cchc/api/root';
import { appRouter } from '@cchc/api/root';
import { SESSION_COOKIE, validateSessionToken } from '@cchc/core/auth/session';
import type { Database } from '@cchc/db/schema';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DestinationStream } from 'pino';
import { loggerOptions } from './logger';

export interface HttpOptions {
  db: Kysely<Database>;
  logLevel: string;
  adminDistDir: string | null;
  sessionTtlDays: number;
  secureCookies: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  /** Where log lines go instead of stdout (tests capture them here). */
  logStream?: DestinationStream;
}

export const MAX_BODY_BYTES = 25 * 1024 * 1024;

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

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);

  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'database_unavailable' });
    }
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }): Promise<Context> {
        const token = req.cookies[SESSION_COOKIE];
        const session = token ? await validateSessionToken(options.db, token, options.sessionTtlDays) : null;
        const secure = options.secureCookies === 'auto' ? req.protocol === 'https' : options.secureCookies === 'true';
        const cookie = {
          set(value: string, expiresAt: Date) {
            res.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
          },
          clear() {
            res.clearCookie(SESSION_COOKIE, { path: '/' });
          },
        };
        if (session?.refreshed && token) cookie.set(token, session.expiresAt);
        return {
          db: options.db,
          session,
          requestId: req.id,
          address: req.ip,
          log: req.log,
          cookie,
          config: { sessionTtlDays: options.sessionTtlDays },
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
      if (request.method === 'GET' && !request.url.startsWith('/trpc') && !request.url.startsWith('/health')) {
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
