/**
 * Delivers a growing text in batches, for chat APIs with rate limits: pieces added while a delivery
 * is in flight, or sooner than `intervalMs` after the last one ended, go out together with the next.
 * Deliveries never overlap, so a slow or rate-limited call (retried after its Retry-After) simply
 * makes the next batch bigger. The first piece goes out at once.
 */
export class PacedText {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private closed = false;

  /**
   * `deliver` sends one batch and says whether it went out; after a `false` (or a throw) nothing
   * more is delivered: the owner finishes the message another way.
   */
  constructor(
    private readonly deliver: (batch: string) => Promise<boolean>,
    /** A function when the pace depends on how the text is being delivered. */
    private readonly intervalMs: number | (() => number),
  ) {}

  add(text: string): void {
    if (!text || this.closed) return;
    this.pending += text;
    this.schedule();
  }

  /** Stops delivering and waits for the batch in flight. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.closed || this.timer || this.inFlight || !this.pending) return;
    const interval = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    const wait = this.lastEnd + interval - performance.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = '';
    this.inFlight = this.deliver(batch)
      .catch(() => false)
      .then((delivered) => {
        if (!delivered) this.closed = true;
        this.inFlight = undefined;
        this.lastEnd = performance.now();
        this.schedule();
      });
  }
}
