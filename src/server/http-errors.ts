import type { NextFunction, Request, Response } from 'express';
import { type ErrorReply, errorReply } from '../core/commands/index.js';
import { AppError, type AppErrorCode, toAppError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

const STATUS: Record<AppErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_model: 404,
  method_not_allowed: 405,
  reindex_running: 409,
  too_large: 413,
  kb_file_invalid: 422,
  rate_limited: 429,
  overloaded: 503,
  kb_empty: 503,
  reindex_failed: 500,
  sync_failed: 502,
  db_unavailable: 503,
  db_error: 500,
  embedder_unavailable: 503,
  llm_unavailable: 503,
  config_invalid: 500,
  internal: 500,
};

export function httpStatus(code: AppErrorCode): number {
  return STATUS[code];
}

/** The JSON body of every API error: a stable code, a message that says what to do, the request id. */
export function errorBody(reply: ErrorReply, requestId: string, extra: Record<string, unknown> = {}) {
  return { error: { code: reply.code, message: reply.message, requestId, ...extra } };
}

export function requestIdOf(req: Request): string {
  return String((req as Request & { id?: unknown }).id ?? '');
}

/** Last middleware: maps any error to a JSON response; unexpected ones are logged with their stack. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const error = bodyParserError(err) ?? toAppError(err);
    const reply = errorReply(error, requestIdOf(req));
    const status = httpStatus(reply.code);
    if (status >= 500) logger.error({ err, code: error.code, reqId: requestIdOf(req) }, 'request failed');
    else logger.info({ code: error.code, reqId: requestIdOf(req) }, error.message);
    if (res.headersSent) return;
    res.status(status).json(errorBody(reply, requestIdOf(req)));
  };
}

/** express.json() errors carry `type`: turn them into clear 4xx messages. */
function bodyParserError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object' || !('type' in err)) return null;
  const type = String((err as { type: unknown }).type);
  if (type === 'entity.too.large')
    return new AppError('too_large', 'The request body is too large (limit 64 KB). Send a shorter question.', {
      cause: err,
    });
  if (type === 'entity.parse.failed')
    return new AppError(
      'bad_input',
      'The request body is not valid JSON. Send a JSON object such as {"question": "..."}.',
      {
        cause: err,
      },
    );
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError('bad_input', 'Send the request body as UTF-8 JSON.', { cause: err });
  return null;
}
