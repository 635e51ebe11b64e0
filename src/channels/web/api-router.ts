import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import {
  type Caller,
  type Command,
  type CommandDispatcher,
  errorReply,
  ShownFailure,
} from '../../core/commands/index.js';
import type { Logger } from '../../core/ports.js';
import type { IndexRun } from '../../core/types.js';
import { errorBody, requestIdOf } from '../../server/http-errors.js';
import { requireAdmin } from './admin-auth.js';
import { sendEventStream, wantsEventStream } from './event-stream.js';
import { sendReply } from './render-reply.js';
import { askBody, compareBody, feedbackBody, parseBody, recommendBody } from './schemas.js';

export interface WebApiDeps {
  readonly commands: CommandDispatcher;
  /** The reindex audit log, newest first. */
  readonly recentRuns: (limit: number) => Promise<IndexRun[]>;
  readonly adminToken: string | undefined;
  /** Aborted on shutdown: an HTTP-triggered reindex stops before writing, leaving the old index. */
  readonly shutdownSignal?: AbortSignal;
  /** Runs before each answering route (ask, compare, recommend): the server's first-in first-out queue. */
  readonly answerQueue?: RequestHandler;
  readonly logger?: Logger;
}

/** The web chat's caller: no user identity, so no per-user limit (the fair queue bounds the load). */
const WEB: Caller = { channel: 'web', isAdmin: false };

/**
 * JSON API under /api: ask, compare, recommend, models, sources and feedback, plus the admin reindex
 * and audit log. Bodies are validated here; the command layer does the rest.
 */
export function webApiRouter(deps: WebApiDeps): Router {
  const { commands } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const queued: RequestHandler = deps.answerQueue ?? ((_req, _res, next) => next());
  for (const path of ['/ask', '/compare', '/recommend']) router.post(path, queued);

  const run = async (req: Request, res: Response, command: Command, caller: Caller = WEB) =>
    sendReply(res, await commands.run(command, caller), requestIdOf(req));

  router.post('/ask', async (req, res) => {
    const body = parseBody(askBody, req.body, '{"question": "What are the risks of a joint venture?"}');
    const caller: Caller = { ...WEB, history: async () => body.history ?? [] };
    if (!wantsEventStream(req)) {
      await run(req, res, { name: 'ask', args: { question: body.question } }, caller);
      return;
    }
    // A reader who leaves stops the answer and its model call at once, not at the next event.
    const gone = new AbortController();
    const leave = () => {
      if (!res.writableEnded) gone.abort(new Error('The web client closed the connection.'));
    };
    res.on('close', leave);
    const reply = await commands
      .run(
        { name: 'ask', args: { question: body.question } },
        {
          ...caller,
          disconnected: gone.signal,
          streamAnswer: async (events) => {
            try {
              return await sendEventStream(req, res, events);
            } catch (error) {
              // Nobody is reading: nothing to show and nothing to report beyond a line in the log.
              if (gone.signal.aborted) throw new ShownFailure(errorReply(error, 'client-gone'));
              throw error;
            }
          },
        },
      )
      .finally(() => res.off('close', leave));
    if (gone.signal.aborted) {
      deps.logger?.info({ route: '/api/ask' }, 'web client left mid-answer; answer stopped');
      return;
    }
    if (!res.headersSent) sendReply(res, reply, requestIdOf(req));
    else if (!res.writableEnded) {
      // Failed mid-stream: the error as a last event, in the shape of a JSON error response.
      const failure = reply.kind === 'error' ? errorBody(reply, requestIdOf(req)) : { error: { code: 'internal' } };
      res.end(`event: error\ndata: ${JSON.stringify(failure)}\n\n`);
    }
  });
  router.post('/compare', async (req, res) => {
    const body = parseBody(compareBody, req.body, '{"models": ["joint venture", "licensing"]}');
    await run(req, res, { name: 'compare', args: { models: body.models } });
  });
  router.post('/recommend', async (req, res) => {
    const body = parseBody(
      recommendBody,
      req.body,
      '{"situation": "We have a proprietary vision model and want a retailer\'s data without giving up our IP."}',
    );
    await run(req, res, { name: 'recommend', args: { situation: body.situation } });
  });
  router.get('/models', (req, res) => run(req, res, { name: 'models', args: {} }));
  router.get('/sources', (req, res) => run(req, res, { name: 'sources', args: {} }));

  router.post('/feedback', async (req, res) => {
    const body = parseBody(feedbackBody, req.body, '{"answerId": "...", "vote": "up"}');
    const failed = await commands.feedback(
      { answerId: body.answerId, vote: body.vote, comment: body.comment, channel: 'web' },
      WEB,
    );
    if (failed) sendReply(res, failed, requestIdOf(req));
    else res.status(201).json({ ok: true });
  });

  const admin = requireAdmin(deps.adminToken);
  router.post('/admin/reindex', admin, (req, res) =>
    run(
      req,
      res,
      { name: 'reindex', args: {} },
      {
        channel: 'http',
        isAdmin: true,
        actor: 'http-admin',
        signal: deps.shutdownSignal,
      },
    ),
  );
  router.get('/admin/runs', admin, async (req, res) => {
    const limit = Math.min(100, Math.max(1, Number(req.query.limit) || 20));
    res.json({ runs: await deps.recentRuns(limit) });
  });
  return router;
}
