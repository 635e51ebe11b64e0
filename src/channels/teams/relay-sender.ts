import type { SendActivity } from './stream-reply.js';

/**
 * Where a streamed answer's activities go: the turn's context at first, then, once the answer
 * outlives the HTTP request (Teams retries a delivery it has no response for after 15 s), a
 * proactive context for the same conversation. The turn's context cannot be used after its turn
 * ends, so `hold` waits for the activity in flight and keeps the next ones until `switchTo`.
 */
export class RelaySender {
  private inFlight: Promise<unknown> = Promise.resolve();
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(private target: SendActivity) {}

  readonly send: SendActivity = async (activity) => {
    while (this.held) await this.held;
    const sent = this.target(activity);
    this.inFlight = sent.catch(() => undefined);
    return sent;
  };

  /** Holds further activities and waits for the one in flight. */
  async hold(): Promise<void> {
    this.held ??= new Promise<void>((resolve) => {
      this.release = resolve;
    });
    await this.inFlight;
  }

  /** Sends the held and later activities to `target`. */
  switchTo(target: SendActivity): void {
    this.target = target;
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }
}
