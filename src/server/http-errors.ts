import type { NextFunction, Request, Response } from 'express';
import { AppError, type AppErrorCode, toAppError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

const STATUS: Record<AppErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_model: 404,
  reindex_running: 409,
  rate_limited: 429,
  overloaded: 503,
  kb_empty: 503,
  kb_file_invalid: 422,
  reindex_failed: 500,
  sync_failed: 502,
  db_unavailable: 503,
  db_error: 500,
  embedder_unavailable: 503,
  llm_unavailable: 503,
  config_invalid: 500,
  internal: 500,
};

export function statusFor(error: AppError): number {
  return STATUS[error.code] ?? 500;
}

/** The JSON body of every API error: a stable code and a message that says what to do. */
export function errorBody(error: AppError, requestId: string) {
  const message =
    error.code === 'internal'
      ? `Something went wrong on our side. Try again; if it keeps failing, give the administrators this request id: ${requestId}.`
      : error.message;
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
    const status = typeof error.details.status === 'number' ? error.details.status : statusFor(error);
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
