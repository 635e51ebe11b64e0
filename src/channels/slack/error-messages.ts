import type { Logger } from '../../core/ports.js';
import { userFacingError } from '../../core/user-error.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * What a Slack user reads for an error (escaped mrkdwn). Unexpected errors are logged with their
 * cause and shown without internals.
 */
export function userMessageFor(error: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  const { error: e, message, severity } = userFacingError(error);
  if (severity === 'info') logger.info({ ...context, code: e.code }, e.message);
  else logger.error({ ...context, code: e.code, err: e }, 'slack request failed');
  return `:warning: ${escapeMrkdwn(message)}`;
}
