/**
 * What the app offers without a sign-in (issue 19): the public pages under /cong-khai (server-rendered,
 * Vietnamese first, cacheable), the open data files, Open311 GeoReport v2 at /open311/v2, the indicator
 * endpoint at /api/v1 and its OpenAPI document. None of these reads or sets the session cookie: a
 * request is anonymous or carries an API key of another system, so a session CSRF check must not
 * apply to them (they change nothing on behalf of a signed-in person).
 */

import { createHash } from 'node:crypto';
import type { Clock } from '@cchc/core/clock';
import { AppError } from '@cchc/core/errors';
import { type ApiClient, authenticateApiKey } from '@cchc/core/integrations/api-keys';
import { publicChallenges, submitChallenge, ZChallengeSubmit } from '@cchc/core/integrations/challenges';
import { indicatorsForPeriod } from '@cchc/core/integrations/indicators';
import {
  DATASET_COLUMNS,
  DATASET_TITLES,
  DATASETS,
  type Dataset,
  openDataCsv,
  openDataFile,
  openDataJson,
} from '@cchc/core/integrations/open-data';
import {
  open311Requests,
  open311Services,
  open311Submit,
  ZOpen311RequestFilter,
  ZOpen311Submit,
} from '@cchc/core/integrations/open311';
import {
  publicAnswer,
  publicAnswerFacets,
  publicAnswers,
  publicResults,
  publicReviewRegister,
  ZPublicAnswerFilter,
} from '@cchc/core/integrations/public-data';
import { publicationSettings } from '@cchc/core/integrations/publication';
import { isDatabaseUnavailable } from '@cchc/db/pool';
import type { Database } from '@cchc/db/schema';
import type { ApiKeyScope } from '@cchc/domain/roles';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { openApiDocument } from './openapi';
import { type ChallengeFormState, type Lang, PAGE_TEXT, page, publicPages } from './public-pages';

export interface PublicRoutesOptions {
  db: Kysely<Database>;
  clockFor: () => Promise<Clock>;
}

/** Public lists may be cached by browsers and proxies this long; ETag revalidation after that. */
const PUBLIC_MAX_AGE_SECONDS = 300;

const STATUS: Record<AppError['kind'], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
};

/** The key of another system: `api_key` (Open311's name) in the query or body, or `X-API-Key`, or a bearer token. */
function apiKeyOf(req: FastifyRequest): string | null {
  const query = req.query as Record<string, unknown> | undefined;
  const body = req.body as Record<string, unknown> | undefined;
  const header = req.headers['x-api-key'];
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const key = query?.api_key ?? body?.api_key ?? header ?? bearer;
  return typeof key === 'string' && key ? key : null;
}

/** Sends a public body with Cache-Control and a strong ETag; answers 304 when the client has it. */
function sendCacheable(req: FastifyRequest, reply: FastifyReply, body: string | Buffer, contentType: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply
    .header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`)
    .header('etag', etag)
    .header('vary', 'accept-language')
    // Public data: any site's scripts may read it (no cookie is involved either way).
    .header('access-control-allow-origin', '*');
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((m) => m.trim() === etag || m.trim() === `W/${etag}`)) {
    return reply.code(304).send();
  }
  return reply.header('content-type', contentType).send(body);
}

/** Whether XML 1.0 can carry a code point at all (tab, newlines and printable characters). */
const xmlAllowed = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;

/** Minimal XML of flat records (Open311's documents are one level of elements): escaped text, no attributes. */
export function xmlDocument(root: string, item: string, records: readonly Record<string, unknown>[]): string {
  const text = (v: unknown) =>
    [...String(v)]
      .filter((c) => xmlAllowed(c.codePointAt(0) ?? 0))
      .join('')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  const fields = (r: Record<string, unknown>) =>
    Object.entries(r)
      .map(([k, v]) => (v === null || v === undefined ? `<${k}/>` : `<${k}>${text(v)}</${k}>`))
      .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${records.map((r) => `<${item}>${fields(r)}</${item}>`).join('')}</${root}>\n`;
}

type Format = 'json' | 'xml';
const formatOf = (value: string): Format | null => (value === 'json' || value === 'xml' ? value : null);

/** GeoReport v2 errors: a list of {code, description}, in the format asked for. */
function sendOpen311Error(reply: FastifyReply, format: Format, code: number, description: string) {
  const errors = [{ code, description }];
  if (code === 429) reply.header('retry-after', '60');
  if (format === 'xml')
    return reply
      .code(code)
      .type('text/xml; charset=utf-8')
      .send(xmlDocument('errors', 'error', errors));
  return reply.code(code).send(errors);
}

function sendOpen311(
  req: FastifyRequest,
  reply: FastifyReply,
  format: Format,
  root: string,
  item: string,
  rows: object[],
  cache: boolean,
) {
  const records = rows as Record<string, unknown>[];
  const body = format === 'xml' ? xmlDocument(root, item, records) : JSON.stringify(records);
  const type = format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8';
  if (cache) return sendCacheable(req, reply, body, type);
  return reply.header('cache-control', 'no-store').type(type).send(body);
}

/** A form's query without its empty fields: an empty date box means "no date", not a bad one. */
function filledQuery(query: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));
}

/** The first problem of a zod error as one Vietnamese sentence naming the field. */
function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'Dữ liệu không hợp lệ.';
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

export async function registerPublicRoutes(app: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
  const { db } = options;
  await app.register(async (scope) => {
    // Open311 clients POST form-encoded bodies (GeoReport v2); JSON is accepted as well.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );

    const failed = (reply: FastifyReply, error: unknown, format: Format | 'html') => {
      if (error instanceof AppError) {
        const status = STATUS[error.kind];
        if (format === 'html')
          return reply
            .code(status)
            .type('text/html; charset=utf-8')
            .send(page('vi', 'Lỗi', `<p>${error.message}</p>`));
        if (status === 429) reply.header('retry-after', String(error.params.retryAfter ?? 60));
        return sendOpen311Error(reply, format, status, error.message);
      }
      if (isDatabaseUnavailable(error)) {
        reply.header('retry-after', '10');
        const message = 'Cơ sở dữ liệu tạm thời không sẵn sàng. Vui lòng thử lại sau ít phút.';
        return format === 'html'
          ? reply
              .code(503)
              .type('text/html; charset=utf-8')
              .send(page('vi', 'Lỗi', `<p>${message}</p>`))
          : sendOpen311Error(reply, format, 503, message);
      }
      reply.log.error({ err: error }, 'public route failed');
      const message = 'Đã có lỗi xảy ra. Vui lòng thử lại sau.';
      return format === 'html'
        ? reply
            .code(500)
            .type('text/html; charset=utf-8')
            .send(page('vi', 'Lỗi', `<p>${message}</p>`))
        : sendOpen311Error(reply, format, 500, message);
    };

    /** A key, when one is sent, must be valid and carry the scope; no key is fine for public reads. */
    const optionalClient = async (req: FastifyRequest, scopeName: ApiKeyScope): Promise<ApiClient | null> => {
      const key = apiKeyOf(req);
      return key
        ? authenticateApiKey(db, key, scopeName, { requestId: req.id, address: req.ip, path: req.routeOptions.url })
        : null;
    };

    // ---- Open311 GeoReport v2 ------------------------------------------------------------------
    scope.get<{ Params: { format: string } }>('/open311/v2/services.:format', async (req, reply) => {
      const format = formatOf(req.params.format);
      if (!format) return reply.code(404).send([{ code: 404, description: 'Định dạng chỉ nhận json hoặc xml.' }]);
      try {
        return sendOpen311(req, reply, format, 'services', 'service', await open311Services(db), true);
      } catch (error) {
        return failed(reply, error, format);
      }
    });

    scope.get<{ Params: { format: string } }>('/open311/v2/requests.:format', async (req, reply) => {
      const format = formatOf(req.params.format);
      if (!format) return reply.code(404).send([{ code: 404, description: 'Định dạng chỉ nhận json hoặc xml.' }]);
      const filter = ZOpen311RequestFilter.safeParse(req.query ?? {});
      if (!filter.success) return sendOpen311Error(reply, format, 400, firstIssue(filter.error));
      try {
        const client = await optionalClient(req, 'published:read');
        const rows = await open311Requests(db, filter.data, client);
        return sendOpen311(req, reply, format, 'service_requests', 'request', rows, client === null);
      } catch (error) {
        return failed(reply, error, format);
      }
    });

    scope.get<{ Params: { id: string; format: string } }>('/open311/v2/requests/:id.:format', async (req, reply) => {
      const format = formatOf(req.params.format);
      if (!format) return reply.code(404).send([{ code: 404, description: 'Định dạng chỉ nhận json hoặc xml.' }]);
      if (!/^\d{1,9}$/.test(req.params.id)) return sendOpen311Error(reply, format, 404, 'Không tìm thấy phản ánh, kiến nghị.');
      try {
        const client = await optionalClient(req, 'published:read');
        const rows = await open311Requests(db, ZOpen311RequestFilter.parse({ service_request_id: req.params.id }), client);
        if (!rows.length)
          return sendOpen311Error(reply, format, 404, 'Không tìm thấy phản ánh, kiến nghị (hoặc chưa được công khai).');
        return sendOpen311(req, reply, format, 'service_requests', 'request', rows, client === null);
      } catch (error) {
        return failed(reply, error, format);
      }
    });

    scope.post<{ Params: { format: string } }>('/open311/v2/requests.:format', async (req, reply) => {
      const format = formatOf(req.params.format);
      if (!format) return reply.code(404).send([{ code: 404, description: 'Định dạng chỉ nhận json hoặc xml.' }]);
      try {
        const client = await authenticateApiKey(db, apiKeyOf(req), 'feedback:submit', {
          requestId: req.id,
          address: req.ip,
          path: req.routeOptions.url,
        });
        const input = ZOpen311Submit.safeParse(req.body ?? {});
        if (!input.success) return sendOpen311Error(reply, format, 400, firstIssue(input.error));
        const created = await open311Submit(db, client, input.data, await options.clockFor());
        reply.code(201);
        return sendOpen311(req, reply, format, 'service_requests', 'request', [created], false);
      } catch (error) {
        return failed(reply, error, format);
      }
    });

    // ---- Indicators (REST/JSON) and the OpenAPI document ------------------------------------------
    scope.get('/api/v1/indicators', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      try {
        await authenticateApiKey(db, apiKeyOf(req), 'figures:read', {
          requestId: req.id,
          address: req.ip,
          path: '/api/v1/indicators',
        });
        const period = typeof query.period === 'string' ? query.period : '';
        const regime = typeof query.regime === 'string' ? query.regime : null;
        const body = await indicatorsForPeriod(db, period, regime);
        return reply.header('cache-control', 'no-store').send(body);
      } catch (error) {
        if (error instanceof AppError) {
          const status = STATUS[error.kind];
          if (status === 429) reply.header('retry-after', String(error.params.retryAfter ?? 60));
          return reply.code(status).send({ error: error.code, message: error.message });
        }
        return failed(reply, error, 'json');
      }
    });

    scope.get('/api/v1/openapi.json', async (req, reply) => {
      const origin = `${req.protocol}://${req.host}`;
      return sendCacheable(req, reply, JSON.stringify(openApiDocument(origin), null, 2), 'application/json; charset=utf-8');
    });

    // ---- Open data files ----------------------------------------------------------------------------
    scope.get<{ Params: { name: string; format: string } }>('/cong-khai/du-lieu/:name.:format', async (req, reply) => {
      const { name, format } = req.params;
      if (!(DATASETS as readonly string[]).includes(name) || (format !== 'csv' && format !== 'json')) {
        return reply.code(404).send({ error: 'not_found', message: 'Không có tệp dữ liệu này.' });
      }
      const dataset = name as Dataset;
      const filter = ZPublicAnswerFilter.safeParse(filledQuery(req.query));
      if (!filter.success) return reply.code(400).send({ error: 'bad_request', message: firstIssue(filter.error) });
      try {
        const file = await openDataFile(db, dataset, (await options.clockFor()).today(), filter.data);
        if (!file.published)
          return reply.code(404).send({ error: 'not_published', message: 'Tỉnh chưa công khai danh sách này.' });
        const fileName = `${dataset}-${file.dataDate}.${format}`;
        reply.header('content-disposition', `inline; filename="${fileName}"`).header('x-data-date', file.dataDate);
        const licenceUrl = /https?:\/\/[^\s)]+/.exec(file.licence)?.[0];
        if (licenceUrl) reply.header('link', `<${licenceUrl}>; rel="license"`);
        return format === 'csv'
          ? sendCacheable(req, reply, openDataCsv(file), 'text/csv; charset=utf-8; header=present')
          : sendCacheable(req, reply, openDataJson(file), 'application/json; charset=utf-8');
      } catch (error) {
        return failed(reply, error, 'json');
      }
    });

    // ---- Public pages -------------------------------------------------------------------------------
    const html = async (req: FastifyRequest, reply: FastifyReply, render: (lang: Lang) => Promise<string | null>) => {
      const lang: Lang = (req.query as Record<string, unknown>)?.lang === 'en' ? 'en' : 'vi';
      try {
        const body = await render(lang);
        if (body === null) {
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .send(page(lang, PAGE_TEXT[lang].notFound, `<p>${PAGE_TEXT[lang].notFound}</p>`));
        }
        return sendCacheable(req, reply, body, 'text/html; charset=utf-8');
      } catch (error) {
        return failed(reply, error, 'html');
      }
    };
    const pages = publicPages({
      settings: () => publicationSettings(db),
      answers: (filter) => publicAnswers(db, filter),
      answer: (number) => publicAnswer(db, number),
      facets: () => publicAnswerFacets(db),
      results: () => publicResults(db),
      register: () => publicReviewRegister(db),
      datasets: DATASETS.map((d) => ({ dataset: d, title: DATASET_TITLES[d], columns: DATASET_COLUMNS[d] })),
      challenges: (reviewId) => publicChallenges(db, reviewId),
    });

    scope.get('/cong-khai', (req, reply) => html(req, reply, (lang) => pages.home(lang)));
    scope.get('/cong-khai/tra-loi-pakn', async (req, reply) => {
      const filter = ZPublicAnswerFilter.safeParse({ limit: 20, ...filledQuery(req.query) });
      if (!filter.success) {
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(
            page(
              'vi',
              'Bộ lọc không hợp lệ',
              `<p role="alert">${firstIssue(filter.error)}</p><p><a href="/cong-khai/tra-loi-pakn">Xem tất cả</a></p>`,
            ),
          );
      }
      return html(req, reply, (lang) => pages.answers(lang, filter.data));
    });
    scope.get<{ Params: { number: string } }>('/cong-khai/tra-loi-pakn/:number', (req, reply) =>
      html(req, reply, (lang) =>
        /^\d{1,9}$/.test(req.params.number) ? pages.answer(lang, Number(req.params.number)) : Promise.resolve(null),
      ),
    );
    scope.get('/cong-khai/ket-qua', (req, reply) => html(req, reply, (lang) => pages.results(lang)));
    scope.get('/cong-khai/ra-soat-thu-tuc', (req, reply) => html(req, reply, (lang) => pages.register(lang)));

    // A procedure under review, and citizens' challenges to it (a plain HTML form: it works without scripts).
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    scope.get<{ Params: { id: string } }>('/cong-khai/ra-soat-thu-tuc/:id', (req, reply) =>
      html(req, reply, (lang) =>
        uuid.test(req.params.id) ? pages.review(lang, req.params.id, { kind: 'empty' }) : Promise.resolve(null),
      ),
    );
    scope.post<{ Params: { id: string } }>('/cong-khai/ra-soat-thu-tuc/:id', async (req, reply) => {
      const lang: Lang = (req.query as Record<string, unknown>)?.lang === 'en' ? 'en' : 'vi';
      if (!uuid.test(req.params.id))
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(page(lang, PAGE_TEXT[lang].notFound, ''));
      const body = (req.body ?? {}) as Record<string, string>;
      const show = async (code: number, state: ChallengeFormState) => {
        const rendered = await pages.review(lang, req.params.id, state);
        if (rendered === null)
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .send(page(lang, PAGE_TEXT[lang].notFound, ''));
        return reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(rendered);
      };
      const values = { kind: body.kind, content: body.content, contact: body.contact };
      const input = ZChallengeSubmit.safeParse({ ...filledQuery(body), reviewId: req.params.id });
      try {
        if (!input.success)
          return await show(400, { kind: 'refused', message: input.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.', values });
        const result = await submitChallenge(db, await options.clockFor(), input.data, req.ip);
        // A robot that filled the honeypot gets the same page as a person, with nothing stored.
        if (!result.stored) return await show(200, { kind: 'received', number: null, answerDue: '' });
        return await show(201, { kind: 'received', number: result.number, answerDue: result.answerDue });
      } catch (error) {
        if (error instanceof AppError && error.kind !== 'not_found') {
          return show(STATUS[error.kind], { kind: 'refused', message: error.message, values });
        }
        return failed(reply, error, 'html');
      }
    });
  });
}
