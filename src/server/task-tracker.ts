/**
 * Work that outlives its HTTP request (a Slack answer after the 3-second ack, a reindex started
 * from chat): tracked so that shutdown can wait for it, with a bound. At most `maxConcurrent`
 * tasks run at once and the rest wait in order, so a burst of chat events does not flood the
 * event loop and later acknowledgements stay fast.
 */
export class TaskTracker {
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(private readonly maxConcurrent = 16) {}

  /** Tasks running or waiting for a slot. */
  get active(): number {
    return this.tasks.size;
  }

  /** Runs `fn` in the background; failures are reported to `onError`, never unhandled. */
  run(fn: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const task = this.slot()
      .then(fn)
      .catch(onError)
      .finally(() => {
        this.tasks.delete(task);
        this.release();
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

  private slot(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting task, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
