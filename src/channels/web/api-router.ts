import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import {
  type Caller,
  type Command,
  type CommandDispatcher,
  DEFAULT_REPORT_DAYS,
  errorReply,
  MAX_REPORT_DAYS,
  reportDays,
  ShownFailure,
} from '../../core/commands/index.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { IndexRun } from '../../core/types.js';
import { errorBody, requestIdOf } from '../../server/http-errors.js';
import { requireAdmin } from './admin-auth.js';
import { sendEventStream, wantsEventStream } from './event-stream.js';
import { sendReply } from './render-reply.js';
import { askBody, compareBody, feedbackBody, parseBody, recommendBody } from './schemas.js';
import { type WebIdentityOptions, webIdentity, webUser } from './web-identity.js';

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
  /** Who may use the chat routes and how the user is known (WEB_AUTH, WEB_USER_HEADER, WEB_TOKEN). */
  readonly access?: WebIdentityOptions;
}

const OPEN: WebIdentityOptions = { auth: 'none', userHeader: 'x-auth-request-email', token: undefined };

/**
 * The web caller. A known user (WEB_AUTH=proxy, or named by a WEB_TOKEN holder) gets the per-user rate
 * limit and is stored with answers and feedback; without one only the fair queue bounds the load.
 * `signal` aborts when the client goes away, and with it the answer and its model call.
 */
function webCaller(req: Request, res: Response): Caller & { signal: AbortSignal } {
  return { channel: 'web', isAdmin: false, user: webUser(res), signal: clientGone(req, res) };
}

/** Aborts when the client disconnects before the response has been sent. */
function clientGone(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client disconnected'));
  });
  req.on('aborted', () => controller.abort(new Error('the client disconnected')));
  return controller.signal;
}

/**
 * JSON API under /api: ask, compare, recommend, models, sources and feedback, plus the admin reindex
 * and audit log. Bodies are validated here; the command layer does the rest.
 */
export function webApiRouter(deps: WebApiDeps): Router {
  const { commands } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const identity = webIdentity(deps.access ?? OPEN);
  for (const path of ['/ask', '/compare', '/recommend', '/models', '/sources', '/feedback']) router.use(path, identity);
  const queued: RequestHandler = deps.answerQueue ?? ((_req, _res, next) => next());
  for (const path of ['/ask', '/compare', '/recommend']) router.post(path, queued);

  const run = async (req: Request, res: Response, command: Command, caller: Caller = webCaller(req, res)) =>
    sendReply(res, await commands.run(command, caller), requestIdOf(req));

  router.post('/ask', async (req, res) => {
    const body = parseBody(askBody, req.body, '{"question": "What are the risks of a joint venture?"}');
    // `signal` aborts when the reader leaves: the answer and its model call stop at once.
    const caller = { ...webCaller(req, res), history: async () => body.history ?? [] };
    if (!wantsEventStream(req)) {
      await run(req, res, { name: 'ask', args: { question: body.question } }, caller);
      return;
    }
    const reply = await commands.run(
      { name: 'ask', args: { question: body.question } },
      {
        ...caller,
        streamAnswer: async (events) => {
          try {
            return await sendEventStream(req, res, events);
          } catch (error) {
            // Nobody is reading: nothing to show and nothing to report beyond a line in the log.
            if (caller.signal.aborted) throw new ShownFailure(errorReply(error, 'client-gone'));
            throw error;
          }
        },
      },
    );
    if (caller.signal.aborted) {
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
      { answerId: body.answerId, vote: body.vote, comment: body.comment, channel: 'web', user: webUser(res) },
      webCaller(req, res),
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
  router.get('/admin/report', admin, (req, res) => {
    const days = req.query.days === undefined ? DEFAULT_REPORT_DAYS : reportDays(String(req.query.days));
    if (days === null) {
      throw new AppError(
        'bad_input',
        `days must be a whole number from 1 to ${MAX_REPORT_DAYS}, for example /api/admin/report?days=30`,
      );
    }
    return run(req, res, { name: 'report', args: { days } }, { channel: 'http', isAdmin: true, actor: 'http-admin' });
  });
  router.get('/admin/runs', admin, async (req, res) => {
    const limit = Math.min(100, Math.max(1, Number(req.query.limit) || 20));
    res.json({ runs: await deps.recentRuns(limit) });
  });
  return router;
}
