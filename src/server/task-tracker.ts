/**
 * Work that outlives its HTTP request (a Slack answer after the 3-second ack, a reindex started
 * from chat): tracked so that shutdown can wait for it, with a bound.
 */
export class TaskTracker {
  private readonly tasks = new Set<Promise<unknown>>();

  get active(): number {
    return this.tasks.size;
  }

  /** Runs `fn` in the background; failures are reported to `onError`, never unhandled. */
  run(fn: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const task = fn()
      .catch(onError)
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  /** Waits for running tasks, at most `timeoutMs`. Resolves true when all finished. */
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
