/**
 * The HTTP answers' security, in one place (OWASP ASVS 14.4, 4.2.2, 3.5.3):
 * - headers on every response (@fastify/helmet): a Content-Security-Policy the built admin app satisfies
 *   (scripts only from this origin; Mantine sets inline styles, hence style-src 'unsafe-inline'), no
 *   framing, nosniff, no referrer sent elsewhere, powerful browser features off, HSTS over TLS;
 * - `Cache-Control: no-store` on the API and every file: they carry personal data;
 * - CSRF beyond SameSite=Lax: a request that changes something on the cookie-authenticated surfaces
 *   (/trpc, /api) must carry the `x-cchc-csrf: 1` header the admin app sends — which a plain HTML form
 *   on another site cannot — and must not come from another site (Sec-Fetch-Site, Origin);
 * - the forced change of an admin-issued password on the file routes too (the tRPC middleware holds it
 *   for procedures).
 */
import type { ValidSession } from '@cchc/core/auth/session';
import { INPUT_PROBLEM_MESSAGES, inputProblem } from '@cchc/domain/input-safety';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CSRF_HEADER = 'x-cchc-csrf';

export const CSRF_REFUSED =
  'Yêu cầu bị từ chối vì không đến từ ứng dụng (chống giả mạo yêu cầu — CSRF). Vui lòng tải lại trang rồi thử lại.';
export const MUST_CHANGE_PASSWORD_FILES = 'Bạn cần đổi mật khẩu ban đầu (do quản trị viên cấp) trước khi sử dụng hệ thống.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The surfaces a browser session cookie authenticates. */
const COOKIE_SURFACES = /^\/(trpc|api)(\/|$|\?)/;

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  frameSrc: ["'none'"],
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  // Served over plain HTTP on an intranet too: only upgrade when the page itself came over TLS (helmet adds it by default).
  upgradeInsecureRequests: null,
};

/** Why a state-changing request is refused as cross-site, or null when it may go on. */
export function csrfProblem(req: Pick<FastifyRequest, 'method' | 'url' | 'headers' | 'host' | 'protocol'>): string | null {
  if (SAFE_METHODS.has(req.method) || !COOKIE_SURFACES.test(req.url)) return null;
  if (req.headers[CSRF_HEADER] !== '1') return 'missing_header';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross_site';
  const origin = req.headers.origin;
  if (origin !== undefined) {
    // Both through URL, so a default port (":80") is dropped on each side alike.
    const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : null);
    const own = hostOf(`${req.protocol}://${req.host}`);
    if (own === null || hostOf(origin) !== own) return 'cross_origin';
  }
  return null;
}

export async function registerSecurity(
  app: FastifyInstance,
  options: { sessionOf: (req: FastifyRequest) => Promise<ValidSession | null> },
): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // HSTS only means something over TLS; helmet sends it always, browsers ignore it over HTTP.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });

  app.addHook('onRequest', async (req, reply) => {
    // Powerful features the app never uses (helmet does not set this one).
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    if (COOKIE_SURFACES.test(req.url) || req.url.startsWith('/health')) reply.header('cache-control', 'no-store');
    const problem = csrfProblem(req);
    if (problem) {
      req.log.warn({ problem, origin: req.headers.origin, site: req.headers['sec-fetch-site'] }, 'cross-site request refused');
      return reply.code(403).send({ error: 'csrf', message: CSRF_REFUSED });
    }
    // The file routes' filters pass the same guard as every procedure's input (tRPC applies it itself).
    if (req.url.startsWith('/api/')) {
      const problem = inputProblem(req.query);
      if (problem) return reply.code(400).send({ error: `input.${problem.kind}`, message: INPUT_PROBLEM_MESSAGES[problem.kind] });
    }
    // The file routes: a user who must change an admin-issued password may do nothing else (tRPC checks its own).
    if (req.url.startsWith('/api/')) {
      const session = await options.sessionOf(req);
      if (session?.user.mustChangePassword) {
        return reply.code(403).send({ error: 'auth.must_change_password', message: MUST_CHANGE_PASSWORD_FILES });
      }
    }
    return undefined;
  });
}

/** Fastify's own 4xx for a request body, in Vietnamese (its messages are English); null for anything else. */
export function requestRefusal(error: unknown): { status: number; body: { error: string; message: string } } | null {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: 'too_large', message: 'Dữ liệu gửi lên quá lớn.' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: 'unsupported_media_type', message: 'Kiểu dữ liệu gửi lên không được hỗ trợ.' } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: 'bad_request', message: 'Dữ liệu gửi lên không đúng định dạng.' } };
    default:
      return null;
  }
}
