import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { pinoHttp } from 'pino-http';
import { errorReply } from '../core/commands/index.js';
import { optionalBearerToken } from './bearer-token.js';
import { errorBody, errorHandler, requestIdOf } from './http-errors.js';
import type { Metrics } from './metrics.js';

/** A channel's HTTP surface, mounted under `path`. Each mount parses its own bodies. */
export interface Mount {
  readonly path: string;
  /** Label for metrics: web, slack, teams. */
  readonly channel: string;
  readonly handler: Router | RequestHandler;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface AppDeps {
  readonly logger: PinoLogger;
  readonly metrics: Metrics;
  readonly readiness: () => Promise<Readiness>;
  readonly mounts: readonly Mount[];
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  readonly shuttingDown?: () => boolean;
  /** Refuses requests for host names the server does not answer for (hostGuard). */
  readonly hostGuard?: RequestHandler | undefined;
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  readonly metricsToken?: string | undefined;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The advisor's HTTP host: request ids and logs, metrics, health, channel mounts, JSON errors. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Only what is needed to follow a request: never headers (tokens, cookies) or bodies (questions).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url ?? '') },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );

  if (deps.hostGuard) app.use(deps.hostGuard);

  app.get('/healthz', deps.metrics.http('system'), (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', deps.metrics.http('system'), async (req, res) => {
    if (deps.shuttingDown?.()) {
      res
        .status(503)
        .json({ ready: false, checks: { shutdown: { ok: false, detail: 'the server is shutting down' } } });
      return;
    }
    try {
      const state = await deps.readiness();
      res.status(state.ready ? 200 : 503).json(state);
    } catch (error) {
      res.status(503).json(errorBody(errorReply(error, requestIdOf(req)), requestIdOf(req)));
    }
  });
  app.get('/metrics', optionalBearerToken(deps.metricsToken, 'METRICS_TOKEN'), async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });

  for (const mount of deps.mounts) app.use(mount.path, deps.metrics.http(mount.channel), mount.handler);

  app.use((req, res) => {
    res.status(404).json({
      error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.`, requestId: requestIdOf(req) },
    });
  });
  app.use(errorHandler(deps.logger));
  return app;
}
