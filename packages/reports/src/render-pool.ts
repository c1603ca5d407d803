/**
 * The render threads: laying out a PDF, building a DOCX, writing an XLSX or reading an uploaded one takes whole seconds of CPU
 * (the province's quarterly report: about 1.5 s for its PDF and DOCX), and on the event loop that serves
 * the web requests and runs the jobs it would stall every request meanwhile. They run instead on a small
 * pool of worker threads (piscina), started at the first document and let go after 5 minutes idle (an idle thread does not keep a process alive).
 * `RENDER_THREADS` sets the pool's size (default: one thread per core but one, at most two).
 */
import { availableParallelism } from 'node:os';
import Piscina from 'piscina';
import type { OfficialDocument } from './official';
import type { RenderedPdf } from './pdf';
import type { SheetLimits, SheetReadResult } from './sheet-reader';
import type { Table } from './table';

/** What each render thread entry (render-worker.mjs) takes and gives back (buffers arrive as Uint8Array). */
export interface RenderJobs {
  officialPdf: { input: OfficialDocument; output: { pdf: Uint8Array; signatureRect: RenderedPdf['signatureRect'] } };
  officialDocx: { input: OfficialDocument; output: Uint8Array };
  workbook: { input: (Table & { sheet?: string })[]; output: Uint8Array };
  /** An uploaded workbook's first sheet as plain rows, within limits (sheet-reader.ts). */
  readSheet: { input: { bytes: Uint8Array; limits: SheetLimits }; output: SheetReadResult };
}

let pool: Piscina | null = null;
let configuredThreads: number | undefined;

/** The number of render threads; call before the first document (the server does at start). */
export function configureRenderPool(options: { threads?: number }) {
  configuredThreads = options.threads;
}

function threads(): number {
  if (configuredThreads && configuredThreads >= 1) return configuredThreads;
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

function renderPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./render-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: threads(),
    idleTimeout: 300_000,
  });
  return pool;
}

/** Runs one render on a render thread; past `timeoutMs` the thread is stopped and the call fails with a RenderTimeout. */
export async function render<K extends keyof RenderJobs>(
  kind: K,
  input: RenderJobs[K]['input'],
  { timeoutMs }: { timeoutMs?: number } = {},
): Promise<RenderJobs[K]['output']> {
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  try {
    return await renderPool().run(input, { name: kind, signal });
  } catch (error) {
    if (signal?.aborted) throw new RenderTimeout(kind, timeoutMs as number);
    throw error;
  }
}

/** A render stopped at its time limit (its thread is ended; the pool starts another). */
export class RenderTimeout extends Error {
  constructor(
    readonly kind: string,
    readonly timeoutMs: number,
  ) {
    super(`${kind} took longer than ${timeoutMs} ms`);
  }
}

/** A Buffer over the bytes a render thread sent back (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Waits for the renders under way and stops the threads (the server's shutdown). */
export async function closeRenderPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.close();
}
