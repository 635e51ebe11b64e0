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
      // Bolt has acknowledged already, so Slack will not resend: without the ledger, carry on and let
      // the listener tell the user (the message claim fails the same way and says so in the thread).
      const claimed = await deps.ledger.claimEvent(`slack:event:${eventId}`).catch((error: unknown) => {
        deps.logger.warn({ err: error, eventId }, 'could not record the slack event id; handling it anyway');
        return true;
      });
      if (!claimed) {
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
