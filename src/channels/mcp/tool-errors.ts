import { randomUUID } from 'node:crypto';
import { errorReply } from '../../core/commands/error-reply.js';
import type { Logger } from '../../core/ports.js';

/** What an agent reads when a tool fails: the message a user would see (the command layer's), never internals. */
export function toolErrorMessage(error: unknown, logger: Logger, tool: string): string {
  const reply = errorReply(error, randomUUID());
  if (reply.severity === 'user') logger.info({ tool, code: reply.code }, reply.message);
  else logger.error({ tool, code: reply.code, reference: reply.reference, err: error }, 'mcp tool failed');
  return reply.message;
}
