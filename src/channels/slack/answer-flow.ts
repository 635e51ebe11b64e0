/**
 * Answers one Slack message in its thread: exactly once (claimed in PostgreSQL), within the
 * user's rate limit, with a visible working state, the thread's earlier turns as history, and
 * Block Kit rendering. Shared by mentions, direct messages and the assistant pane.
 */
import type { webApi } from '@slack/bolt';
import { enforceRateLimit } from '../../core/rate-limit.js';
import { renderAnswer, renderNotice, type SlackMessage } from './blocks.js';
import type { SlackDeps } from './deps.js';
import { userMessageFor } from './error-messages.js';
import { slackTextToPlain, stripBotMention } from './mrkdwn.js';
import { threadTurns } from './thread-history.js';

export const WORKING_REACTION = 'hourglass_flowing_sand';

export interface IncomingQuestion {
  readonly channel: string;
  /** The message being answered. */
  readonly ts: string;
  /** The thread it belongs to (its own ts when it starts one). */
  readonly threadTs: string;
  readonly user: string;
  readonly text: string;
  readonly botUserId: string | undefined;
  readonly botId: string | undefined;
}

/** How the user sees that we are working: a reaction on their message, or the assistant pane's status. */
export interface WorkingState {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function reactionWorkingState(
  client: webApi.WebClient,
  channel: string,
  ts: string,
  deps: SlackDeps,
): WorkingState {
  const soft = (what: string) => (error: unknown) =>
    deps.logger.debug({ err: error }, `could not ${what} the working reaction`);
  return {
    start: () => client.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION }).then(() => {}, soft('add')),
    stop: () =>
      client.reactions.remove({ channel, timestamp: ts, name: WORKING_REACTION }).then(() => {}, soft('remove')),
  };
}

/**
 * Answers a message as background work after the listener has acknowledged it; a failure is
 * logged as "answering a slack <where> failed".
 */
export function answerInBackground(
  deps: SlackDeps,
  client: webApi.WebClient,
  message: Omit<IncomingQuestion, 'botUserId' | 'botId'>,
  context: { readonly botUserId?: string | undefined; readonly botId?: string | undefined },
  working: WorkingState,
  where: string,
): void {
  deps.tasks.run(
    () => answerMessage(deps, client, { ...message, botUserId: context.botUserId, botId: context.botId }, working),
    (error) => deps.logger.error({ err: error }, `answering a slack ${where} failed`),
  );
}

export const EMPTY_QUESTION_HINT =
  'Ask me a question about AI partnerships, for example: _What are the risks of a joint venture?_ Type `/advisor help` for everything I can do.';

export async function answerMessage(
  deps: SlackDeps,
  client: webApi.WebClient,
  incoming: IncomingQuestion,
  working: WorkingState,
): Promise<void> {
  const { logger } = deps;
  const post = (message: SlackMessage) =>
    client.chat.postMessage({
      channel: incoming.channel,
      thread_ts: incoming.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });

  // One answer per message, across retries, duplicate deliveries and replicas. Slack has its
  // acknowledgement already and will not resend: if the ledger cannot be reached, the user is told.
  let claimed: boolean;
  try {
    claimed = await deps.ledger.claimEvent(`slack:message:${incoming.channel}:${incoming.ts}`);
  } catch (error) {
    await post(renderNotice(userMessageFor(error, logger, { channel: incoming.channel, ts: incoming.ts })));
    return;
  }
  if (!claimed) {
    logger.debug({ channel: incoming.channel, ts: incoming.ts }, 'slack message already answered; skipped');
    return;
  }
  const question = slackTextToPlain(stripBotMention(incoming.text, incoming.botUserId));
  if (!question) {
    await post(renderNotice(EMPTY_QUESTION_HINT));
    return;
  }
  try {
    await enforceRateLimit(deps.ledger, {
      channel: 'slack',
      user: incoming.user,
      perMinute: deps.settings.ratePerMinute,
    });
  } catch (error) {
    await post(renderNotice(userMessageFor(error, logger, { user: incoming.user })));
    return;
  }
  await working.start();
  try {
    const history =
      incoming.threadTs !== incoming.ts
        ? await threadTurns(client, {
            channel: incoming.channel,
            threadTs: incoming.threadTs,
            beforeTs: incoming.ts,
            botUserId: incoming.botUserId,
            botId: incoming.botId,
          }).catch((error: unknown) => {
            // Without the thread the question is still answered, only without its context.
            logger.warn(
              { err: error, channel: incoming.channel },
              'could not read the thread; answering without history',
            );
            return [];
          })
        : [];
    // No shutdown signal here: an answer in progress finishes while the server drains.
    const result = await deps.advisor.ask(question, { history, channel: 'slack' });
    await post(renderAnswer(result));
  } catch (error) {
    await post(renderNotice(userMessageFor(error, logger, { channel: incoming.channel, ts: incoming.ts })));
  } finally {
    await working.stop();
  }
}
