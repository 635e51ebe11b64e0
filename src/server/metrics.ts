import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Telemetry } from '../core/ports.js';
import type { AskResult, ChannelName, IndexTrigger } from '../core/types.js';

/**
 * Prometheus metrics for one process: HTTP traffic per route and channel, answers, abstentions,
 * model errors and reindex runs. Each instance owns its registry, so tests can run several servers.
 */
export class Metrics implements Telemetry {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'advisor_http_requests_total',
    help: 'HTTP requests by route, channel and status code',
    labelNames: ['method', 'route', 'channel', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'advisor_http_request_duration_seconds',
    help: 'HTTP request latency by route and channel',
    labelNames: ['method', 'route', 'channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly answers = new Counter({
    name: 'advisor_answers_total',
    help: 'Answers given, by channel and outcome (answered or abstained)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  private readonly answerLatency = new Histogram({
    name: 'advisor_answer_duration_seconds',
    help: 'Time to answer a question (retrieval and generation), by channel',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly modelErrors = new Counter({
    name: 'advisor_model_errors_total',
    help: 'Model endpoint failures after retries, by kind (chat or embeddings) and error code',
    labelNames: ['kind', 'code'],
    registers: [this.registry],
  });
  private readonly reindexRuns = new Counter({
    name: 'advisor_reindex_runs_total',
    help: 'Reindex runs by trigger and status',
    labelNames: ['trigger', 'status'],
    registers: [this.registry],
  });
  private readonly reindexDuration = new Histogram({
    name: 'advisor_reindex_duration_seconds',
    help: 'Reindex duration by trigger',
    labelNames: ['trigger'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'advisor_' });
  }

  answered(channel: ChannelName, result: AskResult): void {
    this.answers.inc({ channel, outcome: result.abstained ? 'abstained' : 'answered' });
    this.answerLatency.observe({ channel }, result.timings_ms.total / 1000);
  }

  modelError(kind: 'chat' | 'embeddings', code: string): void {
    this.modelErrors.inc({ kind, code });
  }

  reindexed(trigger: IndexTrigger, status: 'succeeded' | 'failed', durationMs: number): void {
    // One label for every commit: a label per commit would grow without bound.
    const label = trigger.startsWith('git ') ? 'git' : trigger;
    this.reindexRuns.inc({ trigger: label, status });
    this.reindexDuration.observe({ trigger: label }, durationMs / 1000);
  }

  /** Express middleware: counts and times every request under the given channel label. */
  http(channel: string) {
    return (req: Request, res: Response, next: NextFunction): void => {
      const stop = this.latency.startTimer();
      res.on('finish', () => {
        // The matched route pattern keeps label cardinality bounded (never the raw URL).
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched';
        stop({ method: req.method, route, channel });
        this.requests.inc({ method: req.method, route, channel, status: String(res.statusCode) });
      });
      next();
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
