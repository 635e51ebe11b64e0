import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

/**
 * Drops a delivery whose event id was already claimed: Slack retries (`X-Slack-Retry-Num`) and
 * duplicate deliveries reach listeners once, across every replica sharing the database.
 */
export function dedupeEvents(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId) {
      if (!(await deps.ledger.claimEvent(`slack:event:${eventId}`))) {
        deps.logger.info(
          { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
          'duplicate slack event ignored',
        );
        return;
      }
    }
    await next();
  };
}

/** Ignores messages from bots (ours included) and message edits, deletions and other subtypes. */
export function ignoreBotsAndEdits(): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const event = (body as { event?: { type?: string; bot_id?: string; subtype?: string; bot_profile?: unknown } })
      .event;
    if (event && (event.type === 'message' || event.type === 'app_mention')) {
      if (event.bot_id || event.bot_profile || event.subtype === 'bot_message') return;
      if (event.subtype && event.subtype !== 'file_share' && event.subtype !== 'thread_broadcast') return;
    }
    await next();
  };
}
