/**
 * A queue for the heavy reads (the province overview, feedback figures for every agency, rankings): at
 * most a few run at once in this process, so they hold a few of the pool's connections and the cheap
 * calls (a scorecard, a task page) never wait behind them for one. The rest wait here, in order.
 */

/** How many heavy reads run at once; the pool keeps the other connections for everything else. */
export const HEAVY_READ_CONCURRENCY = 3;

export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/** A p-limit style queue: `limit(fn)` runs fn when fewer than `concurrency` are running. */
export function createLimiter(concurrency: number): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  const limit = <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        Promise.resolve().then(task).then(resolve, reject).finally(next);
      };
      if (active < concurrency) start();
      else queue.push(start);
    });
  return Object.defineProperties(limit, {
    active: { get: () => active },
    waiting: { get: () => queue.length },
  }) as Limiter;
}

/** The process's queue of heavy reads. */
export const heavyRead: Limiter = createLimiter(HEAVY_READ_CONCURRENCY);
