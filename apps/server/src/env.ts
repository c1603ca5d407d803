/** The server's configuration, read from the environment once (process.env is read nowhere else). */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '@cchc/db/startup-error';
import { z } from 'zod';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), {
      message: 'must be a postgres://user:password@host:5432/database URL',
    })
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PG_DATA_DIR: z.string().default(resolve(projectRoot, '.data/pg')),
  PG_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('cchc'),
  ADMIN_DIST_DIR: z.string().default(resolve(projectRoot, 'apps/admin/dist')),
  /**
   * A session's absolute lifetime: signed in again after it, however active (OWASP ASVS 3.3.2 asks 12 hours
   * at level 2). SESSION_TTL_DAYS, when set, is the older way to say it in days.
   */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(2160).default(12),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(90).optional(),
  /** A session unused this long ends (idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Threads that lay out PDF, DOCX and XLSX files off the event loop (default: cores − 1, at most 2). */
  RENDER_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  /** A worker process silent this long is gone; its jobs run again elsewhere. Above the longest event-loop stall. */
  WORKER_GONE_AFTER_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** SMTP server for the e-mail outbox, e.g. smtp://user:pass@mail.example.vn:587; unset = outbox only in the app. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('CCHC <no-reply@localhost>'),
  /** What the files one agency's people uploaded may add up to, in MB (issue 15: uploads had no quota). */
  UPLOAD_QUOTA_MB_PER_AGENCY: z.coerce.number().int().min(1).max(1_000_000).default(2048),
  /** What the files one person uploaded may add up to, in MB (beside the agency's quota). */
  UPLOAD_QUOTA_MB_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(512),
  /** Lets an admin shift the app's "today" (demos, browser tests). Never in production. */
  ALLOW_CLOCK_CONTROL: z.enum(['true', 'false']).default('false'),
});

export type Env = z.infer<typeof ZEnv>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means unset (e.g. `DATABASE_URL= pnpm start`).
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(defined);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new StartupError(`biến môi trường không hợp lệ: ${names} (${reasons}).`, `invalid configuration: ${reasons}.`);
  }
  return parsed.data;
}
