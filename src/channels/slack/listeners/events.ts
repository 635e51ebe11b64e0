import type { App } from '@slack/bolt';
import { answerInBackground, reactionWorkingState } from '../answer-flow.js';
import type { SlackDeps } from '../deps.js';

/**
 * Mentions in channels (answered in the mention's thread; a follow-up in that thread needs a new
 * mention) and direct messages (answered in a thread; follow-ups there need no mention: the
 * assistant listener handles DM thread messages).
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, context, client }) => {
    if (!event.user) return;
    const user = event.user;
    answerInBackground(
      deps,
      client,
      {
        channel: event.channel,
        ts: event.ts,
        threadTs: event.thread_ts ?? event.ts,
        user,
        text: event.text,
        // In a channel shared with another workspace, the stream's recipient team is the asker's.
        teamId: event.user_team,
      },
      context,
      reactionWorkingState(client, event.channel, event.ts, deps),
      'mention',
    );
  });

  app.message(async ({ message, context, client }) => {
    if (message.channel_type !== 'im') return;
    if (message.subtype !== undefined && message.subtype !== 'file_share' && message.subtype !== 'thread_broadcast')
      return;
    if (!('user' in message) || !message.user || !('text' in message)) return;
    const { user, text = '' } = message;
    const threadTs = ('thread_ts' in message && message.thread_ts) || message.ts;
    answerInBackground(
      deps,
      client,
      { channel: message.channel, ts: message.ts, threadTs, user, text },
      context,
      reactionWorkingState(client, message.channel, message.ts, deps),
      'direct message',
    );
  });
}
