import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollUpProgress, type TaskFacts, taskStatus } from './status';

const open = (deadline: string | null, progress = 0): TaskFacts => ({ deadline, progress, completedOn: null, cancelled: false });

describe('taskStatus', () => {
  it('is not started, then in progress, then overdue after the deadline day', () => {
    expect(taskStatus(open('2026-03-13'), '2026-03-01')).toBe('not_started');
    expect(taskStatus(open('2026-03-13', 50), '2026-03-01')).toBe('in_progress');
    expect(taskStatus(open('2026-03-13', 50), '2026-03-13')).toBe('in_progress'); // the deadline day itself is in time
    expect(taskStatus(open('2026-03-13', 50), '2026-03-14')).toBe('overdue');
  });

  it('is done on time or late by the completion date, whatever today is', () => {
    const done = (completedOn: string): TaskFacts => ({ deadline: '2026-03-13', progress: 100, completedOn, cancelled: false });
    expect(taskStatus(done('2026-03-13'), '2027-01-01')).toBe('done_on_time');
    expect(taskStatus(done('2026-03-16'), '2026-03-16')).toBe('done_late');
  });

  it('lets cancellation win over everything', () => {
    expect(taskStatus({ ...open('2020-01-01', 10), cancelled: true }, '2026-01-01')).toBe('cancelled');
  });

  it('never calls an open task with no deadline overdue', () => {
    expect(taskStatus(open(null, 0), '2099-01-01')).toBe('not_started');
  });
});

describe('rollUpProgress', () => {
  it('weights tasks and ignores cancelled ones', () => {
    expect(
      rollUpProgress([
        { progress: 100, weight: 3, cancelled: false },
        { progress: 0, weight: 1, cancelled: false },
        { progress: 0, weight: 5, cancelled: true },
      ]),
    ).toBe(75);
  });

  it('is null with nothing to roll up', () => {
    expect(rollUpProgress([])).toBeNull();
  });

  it('stays within the range of its tasks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            progress: fc.integer({ min: 0, max: 100 }),
            weight: fc.integer({ min: 1, max: 10 }),
            cancelled: fc.constant(false),
          }),
          {
            minLength: 1,
          },
        ),
        (tasks) => {
          const r = rollUpProgress(tasks) ?? -1;
          return r >= Math.min(...tasks.map((t) => t.progress)) - 0.05 && r <= Math.max(...tasks.map((t) => t.progress)) + 0.05;
        },
      ),
    );
  });
});
