/** The queue of heavy reads and the per-version memo that the cached figures are built on. */
import type { Database } from '@cchc/db/schema';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { memoByVersion } from './data-version';
import { createLimiter } from './heavy-reads';

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createLimiter', () => {
  it('runs at most its concurrency at once and the others in order of arrival', async () => {
    const limit = createLimiter(2);
    const gates = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const results = gates.map((g, i) =>
      limit(() => {
        started.push(i);
        return g.promise;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.waiting]).toEqual([2, 2]);
    gates[1]?.resolve(1);
    await flush();
    expect(started).toEqual([0, 1, 2]);
    const failed = expect(results[0]).rejects.toThrow('frees its place');
    gates[0]?.reject(new Error('a failed read frees its place too'));
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]?.resolve(2);
    gates[3]?.resolve(3);
    await failed;
    expect(await Promise.all(results.slice(1))).toEqual([1, 2, 3]);
    expect([limit.active, limit.waiting]).toEqual([0, 0]);
  });
});

describe('memoByVersion', () => {
  const db = {} as Kysely<Database>;

  it('computes once per version, shares a computation in flight, and computes afresh for a new version', async () => {
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([memoByVersion(db, 'k', '1', compute), memoByVersion(db, 'k', '1', compute)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    expect(await memoByVersion(db, 'k', '1.1', compute)).toBe(2);
    expect(await memoByVersion(db, 'k', '1.1', compute)).toBe(2);
    expect(await memoByVersion(db, 'other', '1.1', compute)).toBe(3);
  });

  it('does not keep a failure: the next call computes again', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new Error('database unavailable');
      return 'figures';
    };
    await expect(memoByVersion(db, 'flaky', '7', flaky)).rejects.toThrow('unavailable');
    await flush();
    expect(await memoByVersion(db, 'flaky', '7', flaky)).toBe('figures');
  });
});
