import type { NextFunction, Request, Response } from 'express';
import { AppError, type AppErrorCode, toAppError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

const STATUS: Record<AppErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  auth_unavailable: 503,
  forbidden: 403,
  not_found: 404,
  unknown_model: 404,
  reindex_running: 409,
  rate_limited: 429,
  overloaded: 503,
  kb_empty: 503,
  kb_file_invalid: 422,
  reindex_failed: 500,
  db_unavailable: 503,
  db_error: 500,
  embedder_unavailable: 503,
  llm_unavailable: 503,
  config_invalid: 500,
  internal: 500,
};

export function statusFor(error: AppError): number {
  return typeof error.details.status === 'number' ? error.details.status : (STATUS[error.code] ?? 500);
}

/**
 * What a client reads for a server-side failure. The error's own message can carry database or SDK
 * text (`Database error while ...: invalid byte sequence ...`): it goes to the log, never to the client.
 */
const SERVER_FAILURE: Partial<Record<AppErrorCode, string>> = {
  kb_empty: 'The knowledge base is not indexed yet. Ask an administrator to run a reindex.',
  db_unavailable: 'The database is temporarily unavailable. Try again in a minute.',
  embedder_unavailable: 'The embedding service is unavailable right now. Try again in a minute.',
  llm_unavailable: 'The language model is unavailable right now. Try again in a minute.',
  auth_unavailable:
    'The keys that sign these requests cannot be fetched right now, so the request was not checked. Try again in a minute.',
  reindex_failed: 'The reindex failed; the previous index keeps answering. The server log has the cause.',
};

/** The JSON body of every API error: a stable code, a message that says what to do, the request id. */
export function errorBody(error: AppError, requestId: string) {
  // A full queue says so in its own words: they name no internals and say when to retry.
  const message =
    statusFor(error) < 500 || error.code === 'overloaded'
      ? error.message
      : `${SERVER_FAILURE[error.code] ?? 'Something went wrong on our side. Try again.'} If it keeps failing, give the administrators this request id: ${requestId}.`;
  // An unknown partnership model carries what to try instead.
  const extra =
    error.code === 'unknown_model' ? { name: error.details.name, suggestions: error.details.suggestions ?? [] } : {};
  return { error: { code: error.code, message, requestId, ...extra } };
}

export function requestIdOf(req: Request): string {
  return String((req as Request & { id?: unknown }).id ?? '');
}

/** Last middleware: maps any error to a JSON response; unexpected ones are logged with their stack. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const parseError = bodyParserError(err);
    const error = parseError ?? toAppError(err);
    const status = statusFor(error);
    if (status >= 500) logger.error({ err, code: error.code, reqId: requestIdOf(req) }, 'request failed');
    else logger.info({ code: error.code, reqId: requestIdOf(req) }, error.message);
    if (res.headersSent) return;
    res.status(status).json(errorBody(error, requestIdOf(req)));
  };
}

/** express.json() errors carry `type` and `status`: turn them into clear 4xx messages. */
function bodyParserError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object' || !('type' in err)) return null;
  const type = String((err as { type: unknown }).type);
  const make = (message: string, status = 400) =>
    new AppError('bad_input', message, { cause: err, details: { status } });
  if (type === 'entity.too.large')
    return make('The request body is too large (limit 64 KB). Send a shorter question.', 413);
  if (type === 'entity.parse.failed')
    return make('The request body is not valid JSON. Send a JSON object such as {"question": "..."}.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return make('Send the request body as UTF-8 JSON.');
  return null;
}
