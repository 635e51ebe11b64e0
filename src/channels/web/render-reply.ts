/** Every reply of the command layer as a JSON response: one renderer per kind, in one exhaustive switch. */
import type { Response } from 'express';
import { askView, assertNever, type Reply } from '../../core/commands/index.js';
import { errorBody, httpStatus } from '../../server/http-errors.js';

export function sendReply(res: Response, reply: Reply, requestId: string): void {
  switch (reply.kind) {
    case 'answer':
      res.json(askView(reply.result));
      return;
    case 'comparison':
    case 'models':
    case 'recommendation':
    case 'reindexReport':
    case 'report':
      res.json(reply.result);
      return;
    case 'reindexProgress':
      res.json({ done: reply.done, total: reply.total });
      return;
    case 'sources':
      res.json({ documents: reply.documents });
      return;
    case 'help':
      res.json({ commands: reply.commands, ...(reply.hint ? { hint: reply.hint } : {}) });
      return;
    case 'notice':
      res.json({ notice: reply.text });
      return;
    case 'unknownModel':
      res.status(httpStatus('unknown_model')).json({
        error: {
          code: 'unknown_model',
          message: reply.message,
          requestId,
          name: reply.name,
          suggestions: reply.suggestions.map((s) => s.name),
        },
      });
      return;
    case 'error':
      if (reply.retryAfterMs !== undefined) res.setHeader('retry-after', String(Math.ceil(reply.retryAfterMs / 1000)));
      res.status(httpStatus(reply.code)).json(errorBody(reply, requestId));
      return;
    default:
      assertNever(reply);
  }
}
