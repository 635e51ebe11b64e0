import { describe, expect, it } from 'vitest';
import { TaskTracker } from '../../src/server/task-tracker.js';

/** A task that runs until released, recording when it started. */
function gate(started: number[], id: number) {
  let release: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release: () => release(),
    fn: async () => {
      started.push(id);
      await done;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TaskTracker', () => {
  it('runs at most maxConcurrent tasks at once and starts the waiting ones in order', async () => {
    const tracker = new TaskTracker(2);
    const started: number[] = [];
    const tasks = [1, 2, 3, 4, 5].map((id) => gate(started, id));
    for (const t of tasks) tracker.run(t.fn, () => {});
    await tick();
    expect(started).toEqual([1, 2]);
    expect(tracker.active).toBe(5);
    tasks[1]?.release();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    for (const t of tasks) t.release();
    expect(await tracker.drain(1000)).toBe(true);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(tracker.active).toBe(0);
  });

  it('frees the slot of a failed task and reports the failure', async () => {
    const tracker = new TaskTracker(1);
    const errors: unknown[] = [];
    let ran = false;
    tracker.run(
      async () => {
        throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    tracker.run(
      async () => {
        ran = true;
      },
      (e) => errors.push(e),
    );
    expect(await tracker.drain(1000)).toBe(true);
    expect(ran).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('drain reports false when waiting tasks cannot finish in time', async () => {
    const tracker = new TaskTracker(1);
    const started: number[] = [];
    const a = gate(started, 1);
    tracker.run(a.fn, () => {});
    tracker.run(
      async () => {},
      () => {},
    );
    expect(await tracker.drain(30)).toBe(false);
    a.release();
    expect(await tracker.drain(1000)).toBe(true);
  });
});
