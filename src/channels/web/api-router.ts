import express, { type RequestHandler, type Router } from 'express';
import type { Advisor } from '../../core/advisor.js';
import { askView } from '../../core/ask-view.js';
import type { PartnershipModels } from '../../core/models/types.js';
import { requireAdmin } from './admin-auth.js';
import { mountModelsApi } from './models-api.js';
import { askBody, feedbackBody, parseBody } from './schemas.js';

export interface WebApiDeps {
  readonly advisor: Advisor;
  readonly adminToken: string | undefined;
  /** Aborted on shutdown: an HTTP-triggered reindex stops before writing, leaving the old index. */
  readonly shutdownSignal?: AbortSignal;
  /** Partnership models (compare, models, recommend); their routes are mounted when given. */
  readonly models?: PartnershipModels;
  /** Runs before each answering route (ask, compare, recommend): the server's first-in first-out queue. */
  readonly answerQueue?: RequestHandler;
}

/** JSON API under /api: ask, feedback, and the admin reindex and audit log. */
export function webApiRouter(deps: WebApiDeps): Router {
  const { advisor } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const queued: RequestHandler = deps.answerQueue ?? ((_req, _res, next) => next());
  for (const path of ['/ask', '/compare', '/recommend']) router.post(path, queued);

  router.post('/ask', async (req, res) => {
    const body = parseBody(askBody, req.body, '{"question": "What are the risks of a joint venture?"}');
    const result = await advisor.ask(body.question, { history: body.history ?? [], channel: 'web' });
    res.json(askView(result));
  });

  router.post('/feedback', async (req, res) => {
    const body = parseBody(feedbackBody, req.body, '{"answerId": "...", "vote": "up"}');
    await advisor.feedback({ answerId: body.answerId, vote: body.vote, comment: body.comment, channel: 'web' });
    res.status(201).json({ ok: true });
  });

  if (deps.models) mountModelsApi(router, deps.models);

  const admin = requireAdmin(deps.adminToken);
  router.post('/admin/reindex', admin, async (_req, res) => {
    const result = await advisor.reindex({
      actor: 'http-admin',
      trigger: 'http',
      ...(deps.shutdownSignal ? { signal: deps.shutdownSignal } : {}),
    });
    res.json(result);
  });
  router.get('/admin/runs', admin, async (req, res) => {
    const limit = Math.min(100, Math.max(1, Number(req.query.limit) || 20));
    res.json({ runs: await advisor.recentRuns(limit) });
  });
  return router;
}
