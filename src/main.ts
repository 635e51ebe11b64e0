#!/usr/bin/env node
/**
 * Composition root of the server: load config, build adapters, index if needed, mount the
 * channels (web chat + API, and Slack/Teams when configured) and serve until SIGTERM/SIGINT.
 */
import { setMaxListeners } from 'node:events';
import type { Logger as PinoLogger } from 'pino';
import { GitKnowledgeRepo } from './adapters/knowledge/git-repo.js';
import { createLogger } from './adapters/logging/logger.js';
import { mcpHttpRouter } from './channels/mcp/http-router.js';
import { createSlackChannel, type SlackChannel } from './channels/slack/slack-channel.js';
import { teamsRouter } from './channels/teams/index.js';
import { webApiRouter } from './channels/web/api-router.js';
import { webPageRouter } from './channels/web/page-router.js';
import { APP_VERSION, type Composition, compose } from './compose.js';
import { type Config, loadConfig } from './config/load-config.js';
import { toAppError } from './core/errors.js';
import type { ChatModel, Embedder, KnowledgeSync, Store } from './core/ports.js';
import { RetentionJob } from './core/retention.js';
import { ScheduledReindex, type SyncStatus } from './core/scheduled-reindex.js';
import type { IndexTrigger } from './core/types.js';
import { createApp, type Mount, type Readiness } from './server/create-app.js';
import { fairQueue } from './server/fair-queue.js';
import { hostGuard } from './server/host-guard.js';
import { listen } from './server/http-server.js';
import { Metrics } from './server/metrics.js';
import { TaskTracker } from './server/task-tracker.js';

export interface AdvisorServer {
  readonly url: string;
  readonly composition: Composition;
  readonly metrics: Metrics;
  /** The REINDEX_INTERVAL schedule (pull and reindex); absent when it is off. */
  readonly scheduler: ScheduledReindex | undefined;
  /** Settles when the background reindex of this start (REINDEX_ON_START) has ended; at once without one. */
  readonly startupReindex: Promise<void>;
  /** The daily purge of answers, feedback, events and runs past RETENTION_DAYS. */
  readonly retention: RetentionJob;
  /**
   * Graceful: stop accepting, finish in-flight work (bounded), abort a running reindex, close the
   * database. With `readinessGraceMs`, /readyz answers 503 that long first while everything else is
   * still served, so a load balancer stops routing here before the listener closes.
   */
  close(options?: { readinessGraceMs?: number }): Promise<void>;
}

export interface StartOptions {
  readonly logger: PinoLogger;
  readonly overrides?: { store?: Store; embedder?: Embedder; chatModel?: ChatModel };
  /** Teams, for tests: the in-request reply budget, the clock (retention), Bot Framework authentication settings. */
  readonly teams?: { replyBudgetMs?: number; now?: () => number; authSettings?: Record<string, string | boolean> };
}

/**
 * The first pull of the content repository, before the chapters are read. A failure is reported
 * (readiness, log) and the server starts on the index it has.
 */
async function firstPull(
  sync: KnowledgeSync,
  logger: PinoLogger,
): Promise<{ trigger?: IndexTrigger; status: SyncStatus }> {
  try {
    const { revision } = await sync.pull();
    return {
      trigger: `git ${revision}`,
      status: { ok: true, detail: `${sync.label} is at ${revision.slice(0, 12)}.`, at: new Date() },
    };
  } catch (error) {
    const message = `Pulling ${sync.label} failed: ${toAppError(error).message} The index keeps answering from the content it has.`;
    logger.error({ repository: sync.label }, message);
    return { status: { ok: false, detail: message, at: new Date() } };
  }
}

export async function startAdvisorServer(config: Config, options: StartOptions): Promise<AdvisorServer> {
  const { logger } = options;
  const metrics = new Metrics();
  const sync = config.knowledgeGit ? new GitKnowledgeRepo({ ...config.knowledgeGit, logger }) : undefined;
  const pulled = sync ? await firstPull(sync, logger) : undefined;
  const composition = await compose(config, {
    logger,
    telemetry: metrics,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const { advisor, store } = composition;
  const shutdown = new AbortController();
  // Every answer in flight listens to it (more than Node's default warning threshold of 10 at once).
  setMaxListeners(0, shutdown.signal);
  const tasks = new TaskTracker();
  try {
    // An index that can answer is served at once; only a first build (or another embedder's
    // index) is waited for, with /healthz up and /readyz 503 meanwhile.
    const indexAnswers = await advisor.isIndexCurrent();
    if (config.teams.enabled && !config.teams.appId) {
      logger.warn(
        {},
        'Teams in emulator mode: /api/messages accepts unsigned activities from this machine only, and no one is an admin (set MICROSOFT_APP_ID for a real bot)',
      );
    }
    if (config.teams.enabled && config.teams.appId && !config.teams.allowedTenantIds) {
      logger.warn(
        {},
        'Teams accepts activities from every Microsoft 365 tenant: set TEAMS_ALLOWED_TENANT_IDS to limit it to yours',
      );
    }

    // Slack (HTTP mode mounts POST /slack/events; Socket Mode connects after the server listens).
    const slack: SlackChannel | undefined = config.slack.enabled
      ? await createSlackChannel({
          commands: composition.commands,
          ledger: store,
          logger,
          tasks,
          shutdownSignal: shutdown.signal,
          settings: config.slack,
        })
      : undefined;

    // One queue for every answering route (web API and MCP), so each request waits its turn.
    const answerQueue = fairQueue({
      concurrency: config.server.maxConcurrentAnswers,
      maxWaiting: config.server.maxQueuedAnswers,
    });
    const mounts: Mount[] = [
      // Teams first: its exact path lies under the web API's /api.
      ...(config.teams.enabled
        ? [
            {
              path: '/api/messages',
              channel: 'teams',
              handler: teamsRouter({
                credentials: config.teams,
                commands: composition.commands,
                store,
                logger,
                adminAadIds: config.teams.adminAadIds,
                retentionDays: config.conversationRetentionDays,
                historyTurns: config.answering.historyTurns,
                runInBackground: (work) =>
                  tasks.run(work, (error) => logger.error({ err: error }, 'teams: background reply failed')),
                shutdownSignal: shutdown.signal,
                ...options.teams,
              }),
            },
          ]
        : []),
      {
        path: '/api',
        channel: 'web',
        handler: webApiRouter({
          commands: composition.commands,
          recentRuns: (limit) => advisor.recentRuns(limit),
          adminToken: config.server.adminToken,
          shutdownSignal: shutdown.signal,
          answerQueue,
          logger,
          access: config.web,
        }),
      },
      {
        path: '/mcp',
        channel: 'mcp',
        handler: mcpHttpRouter({
          advisor,
          models: composition.models,
          logger,
          version: APP_VERSION,
          token: config.server.mcpToken,
          answerQueue,
        }),
      },
      ...(slack?.router ? [{ path: '/slack', channel: 'slack', handler: slack.router }] : []),
      { path: '/', channel: 'web', handler: await webPageRouter() },
    ];
    // /readyz is public: a failed check names its error code; the database's own text goes to the log.
    const failedCheck = (check: string) => (error: unknown) => {
      const e = toAppError(error);
      logger.warn({ err: error, code: e.code, check }, 'readiness check failed');
      return { ok: false, detail: `${e.code} (the server log has the cause)` };
    };
    let draining = false;
    const scheduler = config.reindexIntervalMs
      ? new ScheduledReindex(
          { reindex: (o) => advisor.reindex(o), audit: store, sync, logger },
          { intervalMs: config.reindexIntervalMs, signal: shutdown.signal },
        )
      : undefined;
    const readiness = async (): Promise<Readiness> => {
      const database = await store.ping().then(() => ({ ok: true }), failedCheck('database'));
      const index = database.ok
        ? await advisor
            .canAnswer()
            .then(
              (ok) =>
                ok ? { ok } : { ok, detail: 'the knowledge index is empty or was built by another embedder: reindex' },
              failedCheck('index'),
            )
        : { ok: false, detail: 'database unreachable' };
      // A failing pull does not make the server unready: the index it has keeps answering.
      const syncStatus = scheduler?.status() ?? pulled?.status;
      const checks: Readiness['checks'] = { database, index };
      if (syncStatus) checks.sync = { ok: syncStatus.ok, detail: syncStatus.detail };
      return { ready: database.ok && index.ok, checks };
    };
    const app = createApp({
      logger,
      metrics,
      readiness,
      mounts,
      shuttingDown: () => draining || shutdown.signal.aborted,
      hostGuard: hostGuard({ bindHost: config.server.host, allowedHosts: config.server.allowedHosts }),
      metricsToken: config.server.metricsToken,
    });
    const server = await listen(app, { host: config.server.host, port: config.server.port });
    const trigger = pulled?.trigger ?? 'startup';
    try {
      if (!indexAnswers) {
        logger.info({ url: server.url }, 'building the knowledge index; /readyz answers 503 until it is built');
        const built = await advisor.ensureIndexed({ actor: 'server', trigger, signal: shutdown.signal });
        if (built) logger.info({ ...built.counts, durationMs: built.durationMs }, 'knowledge index built');
      }
      await slack?.start();
    } catch (error) {
      await server.close(0);
      throw error;
    }
    logger.info({ url: server.url }, `Partnership Advisor is serving at ${server.url}`);
    scheduler?.start();
    let startupReindex: Promise<void> = Promise.resolve();
    if (indexAnswers && config.reindexOnStart) {
      // Chapters changed while the server was down: picked up in the background, the index it has
      // answering meanwhile. An unchanged folder embeds nothing and leaves no audit row.
      startupReindex = new Promise((resolve) => {
        tasks.run(
          async () => {
            try {
              const result = await advisor.reindex({
                actor: 'server',
                trigger,
                signal: shutdown.signal,
                auditUnchanged: false,
              });
              if (result.runId)
                logger.info({ ...result.counts, durationMs: result.durationMs }, 'knowledge index updated at start');
            } finally {
              resolve();
            }
          },
          (error) => {
            const e = toAppError(error);
            // Another replica doing it, or a shutdown, is not a failure of this start.
            if (e.code === 'reindex_running' || shutdown.signal.aborted) logger.info({ code: e.code }, e.message);
            else logger.error({ code: e.code }, `the reindex at start failed: ${e.message}`);
          },
        );
      });
    }
    const retention = new RetentionJob(store, logger, {
      days: config.retentionDays,
      conversationDays: config.conversationRetentionDays,
    });
    retention.start();

    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      composition,
      metrics,
      scheduler,
      startupReindex,
      retention,
      close: (closeOptions) => {
        closing ??= (async () => {
          draining = true;
          const graceMs = closeOptions?.readinessGraceMs ?? 0;
          if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
          const deadline = Date.now() + config.server.shutdownTimeoutMs;
          shutdown.abort();
          await scheduler?.stop();
          await retention.stop();
          await slack?.stop().catch((error: unknown) => logger.warn({ err: error }, 'slack socket mode stop failed'));
          const drained = await server.close(config.server.shutdownTimeoutMs);
          const finished = await tasks.drain(Math.max(0, deadline - Date.now()));
          if (!drained || !finished) logger.warn({ drained, finished }, 'shutdown timed out; dropped unfinished work');
          await composition.close();
          logger.info({}, 'server stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await composition.close().catch(() => {});
    throw error;
  }
}

async function run(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${toAppError(error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: config.logLevel });
  let server: AdvisorServer;
  try {
    server = await startAdvisorServer(config, { logger });
  } catch (error) {
    const e = toAppError(error);
    logger.error({ code: e.code, err: e.code === 'internal' ? error : undefined }, e.message);
    process.stderr.write(`Error: ${e.message}\n`);
    process.exitCode = 1;
    return;
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close({ readinessGraceMs: config.server.readinessGraceMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/main.ts')) void run();
