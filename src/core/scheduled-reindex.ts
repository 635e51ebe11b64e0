import { toAppError } from './errors.js';
import type { IndexAudit, KnowledgeSync, Logger } from './ports.js';
import type { ReindexOptions, ReindexResult } from './reindex.js';
import type { IndexTrigger } from './types.js';

/** How the last scheduled run went, for /readyz: a failing pull shows here while the index keeps answering. */
export interface SyncStatus {
  readonly ok: boolean;
  readonly detail: string;
  readonly at: Date;
}

export type ScheduledOutcome = 'indexed' | 'unchanged' | 'busy' | 'failed';

export interface ScheduledReindexDeps {
  readonly reindex: (options: ReindexOptions) => Promise<ReindexResult>;
  readonly audit: Pick<IndexAudit, 'startRun' | 'finishRun' | 'recentRuns'>;
  /** The content repository; without it every run rescans the knowledge folder. */
  readonly sync?: KnowledgeSync | undefined;
  readonly logger: Logger;
  readonly now?: () => Date;
}

const ACTOR = 'scheduler';
const GIT = 'git ';

/**
 * Keeps the index in step with the content on a schedule. With a repository it pulls, then
 * reindexes only when the commit differs from the last one indexed (trigger `git <commit>`);
 * without one it rescans the folder (trigger `schedule`). The reindex lock makes one replica do the
 * work: the others find it busy and skip. A failed pull is audited and reported by `status()`; the
 * index keeps answering from what it had.
 */
export class ScheduledReindex {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ScheduledOutcome> | undefined;
  private last: SyncStatus | undefined;
  private stopped = false;

  constructor(
    private readonly deps: ScheduledReindexDeps,
    private readonly options: { readonly intervalMs: number; readonly signal?: AbortSignal },
  ) {}

  /** Runs every `intervalMs`, never two at once (the next run is planned when one ends). */
  start(): void {
    this.stopped = false;
    this.plan();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  status(): SyncStatus | undefined {
    return this.last;
  }

  /** One scheduled run now (also what the timer calls). */
  runOnce(): Promise<ScheduledOutcome> {
    this.running ??= this.tick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private plan(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().finally(() => this.plan());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async tick(): Promise<ScheduledOutcome> {
    const { sync, logger } = this.deps;
    let trigger: IndexTrigger = 'schedule';
    if (sync) {
      let revision: string;
      try {
        ({ revision } = await sync.pull());
      } catch (error) {
        return this.pullFailed(error, sync);
      }
      if ((await this.indexedRevision()) === revision) {
        this.last = {
          ok: true,
          detail: `${sync.label} is at ${revision.slice(0, 12)}, already indexed.`,
          at: this.now(),
        };
        return 'unchanged';
      }
      trigger = `${GIT}${revision}`;
    }
    try {
      const result = await this.deps.reindex({
        actor: ACTOR,
        trigger,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
      const what = sync ? `${sync.label} at ${trigger.slice(GIT.length, GIT.length + 12)}` : 'the knowledge folder';
      this.last = { ok: true, detail: `Indexed ${what} (run ${result.runId}).`, at: this.now() };
      return 'indexed';
    } catch (error) {
      const appError = toAppError(error);
      // Another replica (or an admin) is reindexing: that run does the work.
      if (appError.code === 'reindex_running') return 'busy';
      this.last = { ok: false, detail: appError.message, at: this.now() };
      logger.error({ err: appError, trigger }, 'scheduled reindex failed');
      return 'failed';
    }
  }

  private async pullFailed(error: unknown, sync: KnowledgeSync): Promise<ScheduledOutcome> {
    const appError = toAppError(error);
    const message = `Pulling ${sync.label} failed: ${appError.message} The index keeps answering from the content it has.`;
    this.last = { ok: false, detail: message, at: this.now() };
    this.deps.logger.error({ code: appError.code, repository: sync.label }, message);
    try {
      const runId = await this.deps.audit.startRun({ actor: ACTOR, trigger: 'schedule' });
      await this.deps.audit.finishRun(runId, { status: 'failed', error: message, warnings: [] });
    } catch (auditError) {
      this.deps.logger.error({ err: auditError }, 'could not record the failed pull');
    }
    return 'failed';
  }

  /** The commit of the last successful `git <commit>` run. */
  private async indexedRevision(): Promise<string | undefined> {
    const runs = await this.deps.audit.recentRuns(50);
    const run = runs.find((r) => r.status === 'succeeded' && r.trigger.startsWith(GIT));
    return run?.trigger.slice(GIT.length);
  }
}
