import { toAppError } from './errors.js';
import type { ConversationLog, Logger, PurgedCounts, Retention } from './ports.js';

export interface RetentionOptions {
  /** Answers, feedback, chat events and finished reindex runs older than this are deleted. */
  readonly days: number;
  /** Conversation turns (follow-up context) have their own, usually shorter, limit. */
  readonly conversationDays: number;
  readonly intervalMs?: number;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * Purges what the advisor stores about people once it is older than the retention limit: at start,
 * then once a day. A failed purge is logged and retried at the next tick; it never stops the server.
 * Every replica may run it: the deletes are idempotent.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: Retention & Pick<ConversationLog, 'pruneTurns'>,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
  ) {}

  /** Purges now (in the background) and every `intervalMs` (a day) after. */
  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? DAY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One purge; resolves with what it deleted, or undefined when it failed (and was logged). */
  async purgeOnce(): Promise<(PurgedCounts & { readonly turns: number }) | undefined> {
    const now = (this.options.now ?? (() => new Date()))().getTime();
    try {
      const purged = await this.store.purgeOlderThan(new Date(now - this.options.days * DAY_MS));
      const turns = await this.store.pruneTurns(new Date(now - this.options.conversationDays * DAY_MS));
      const counts = { ...purged, turns };
      this.logger.info({ retentionDays: this.options.days, ...counts }, 'retention: purged old records');
      return counts;
    } catch (error) {
      const e = toAppError(error);
      this.logger.warn({ err: error, code: e.code }, 'retention: purge failed; it runs again at the next tick');
      return undefined;
    }
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.purgeOnce().finally(() => {
      this.running = undefined;
    });
  }
}
