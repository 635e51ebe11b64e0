import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Work that outlives its HTTP request (a Slack answer after the 3-second ack, a reindex started
 * from chat): tracked so that shutdown can wait for it, with a bound. At most `maxConcurrent`
 * tasks run at once and the rest wait in order, so a burst of chat events does not flood the
 * event loop and later acknowledgements stay fast.
 */
export class TaskTracker {
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly limit: LimitFunction;

  constructor(maxConcurrent = 16) {
    this.limit = pLimit(maxConcurrent);
  }

  /** Tasks running or waiting for a slot. */
  get active(): number {
    return this.tasks.size;
  }

  /** Runs `fn` in the background; failures are reported to `onError`, never unhandled. */
  run(fn: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const task = this.limit(fn)
      .catch(onError)
      .finally(() => {
        this.tasks.delete(task);
      });
    this.tasks.add(task);
  }

  /** Waits for running and waiting tasks, at most `timeoutMs`. Resolves true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.tasks.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.allSettled([...this.tasks]).then(() => true as const);
    const done = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return done;
  }
}
