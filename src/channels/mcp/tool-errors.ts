import { type AppError, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';

/**
 * What an agent reads when a tool fails: the message a user would see, never internals. Problems
 * with the request (bad input, an unknown model, an empty knowledge base) say what to change.
 */
export function toolErrorMessage(error: unknown, logger: Logger, tool: string): string {
  const e: AppError = toAppError(error);
  switch (e.code) {
    case 'bad_input':
    case 'not_found':
    case 'unknown_model':
    case 'rate_limited':
    case 'overloaded':
    case 'kb_empty':
      logger.info({ tool, code: e.code }, e.message);
      return e.message;
    case 'db_unavailable':
    case 'db_error':
    case 'embedder_unavailable':
    case 'llm_unavailable':
      logger.error({ tool, code: e.code, err: e }, 'mcp tool failed');
      return "The advisor cannot reach one of its services right now. Please try again in a minute; if it keeps failing, tell the advisor's administrators.";
    default:
      logger.error({ tool, code: e.code, err: e }, 'mcp tool failed');
      return "Something went wrong on our side while answering. Please try again; if it keeps failing, tell the advisor's administrators.";
  }
}
