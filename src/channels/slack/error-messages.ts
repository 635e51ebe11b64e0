import { type AppError, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * What a Slack user reads for each error code (escaped mrkdwn). Unexpected errors are logged with
 * their cause and shown without internals.
 */
export function userMessageFor(error: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  const e: AppError = toAppError(error);
  switch (e.code) {
    case 'bad_input':
    case 'not_found':
    case 'unknown_model':
    case 'rate_limited':
    case 'kb_empty':
    case 'reindex_running':
    case 'reindex_failed':
    case 'forbidden':
      logger.info({ ...context, code: e.code }, e.message);
      return `:warning: ${escapeMrkdwn(e.message)}`;
    case 'db_unavailable':
    case 'db_error':
    case 'embedder_unavailable':
    case 'llm_unavailable':
      logger.error({ ...context, code: e.code, err: e }, 'slack request failed');
      return ":warning: The advisor cannot reach one of its services right now. Please try again in a minute; if it keeps failing, tell the advisor's administrators.";
    default:
      logger.error({ ...context, code: e.code, err: e }, 'slack request failed');
      return ":warning: Something went wrong on our side while answering. Please try again; if it keeps failing, tell the advisor's administrators.";
  }
}
