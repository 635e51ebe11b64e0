import type { Logger } from '../../core/ports.js';
import { userFacingError } from '../../core/user-error.js';

/** What an agent reads when a tool fails: the message a user would see, never internals. */
export function toolErrorMessage(error: unknown, logger: Logger, tool: string): string {
  const { error: e, message, severity } = userFacingError(error);
  if (severity === 'info') logger.info({ tool, code: e.code }, e.message);
  else logger.error({ tool, code: e.code, err: e }, 'mcp tool failed');
  return message;
}
