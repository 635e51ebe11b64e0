import { type AppError, type AppErrorCode, RateLimitedError, toAppError } from '../errors.js';
import type { ErrorReply, ErrorSeverity } from './reply.js';

/** The one table of what users read for each error code; channels only format it. */
const SEVERITY: Record<AppErrorCode, ErrorSeverity> = {
  bad_input: 'user',
  too_large: 'user',
  method_not_allowed: 'user',
  not_found: 'user',
  unknown_model: 'user',
  rate_limited: 'user',
  overloaded: 'user',
  forbidden: 'user',
  unauthorized: 'user',
  kb_empty: 'user',
  kb_file_invalid: 'user',
  reindex_running: 'user',
  reindex_failed: 'user',
  sync_failed: 'service',
  db_unavailable: 'service',
  auth_unavailable: 'service',
  embedder_unavailable: 'service',
  llm_unavailable: 'service',
  db_error: 'internal',
  config_invalid: 'internal',
  internal: 'internal',
};

function publicMessage(error: AppError, reference: string): string {
  switch (error.code) {
    case 'db_unavailable':
      return "The advisor's database is temporarily unavailable. Please try again in a minute; if it keeps failing, tell the advisor's administrators.";
    case 'auth_unavailable':
      return 'The keys that sign these requests cannot be fetched right now, so the request could not be checked. Please try again in a minute.';
    case 'sync_failed':
      // Written for the admins who run reindex (credentials redacted): what failed and what to fix.
      return `${error.message} The advisor keeps answering from the chapters it has indexed.`;
    case 'embedder_unavailable':
    case 'llm_unavailable':
      return "The language service the advisor relies on is unavailable right now. Please try again in a minute; if it keeps failing, tell the advisor's administrators.";
    default:
      return SEVERITY[error.code] === 'user'
        ? error.message
        : `Something went wrong on our side. Please try again; if it keeps failing, give the advisor's administrators this reference: ${reference}.`;
  }
}

/** What the user is told about an error, with nothing internal in it. */
export function errorReply(value: unknown, reference: string): ErrorReply {
  const error = toAppError(value);
  return {
    kind: 'error',
    code: error.code,
    message: publicMessage(error, reference),
    severity: SEVERITY[error.code],
    remedy: error.remedy,
    reference,
    ...(error instanceof RateLimitedError ? { retryAfterMs: error.retryAfterMs } : {}),
  };
}
