/**
 * Answers one Slack message in its thread through the command layer: exactly once (claimed in
 * PostgreSQL), under the command policy (rate limit, admin commands), with a visible working state,
 * the thread's earlier turns as history, and Block Kit rendering. Questions are answered as they
 * are written (chat streaming, see stream-answer.ts); other commands are posted whole. Shared by
 * mentions, direct messages and the assistant pane.
 */
import type { webApi } from '@slack/bolt';
import { type ErrorReply, ShownFailure } from '../../core/commands/index.js';
import type { Logger } from '../../core/ports.js';
import { answerTail, renderThreadAnswer } from './answer-blocks.js';
import type { SlackMessage } from './blocks.js';
import { type SlackDeps, slackCaller } from './deps.js';
import { slackTextToPlain, stripBotMention } from './mrkdwn.js';
import { renderReply } from './render-reply.js';
import { type StreamRendering, type StreamTarget, streamAnswer } from './stream-answer.js';
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
  /** The asker's workspace: a stream outside a direct message names its recipient. */
  readonly teamId?: string | undefined;
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
  /** `teamId`: the asker's own workspace when the event names it (shared channels); else the context's. */
  message: Omit<IncomingQuestion, 'botUserId' | 'botId'>,
  context: {
    readonly botUserId?: string | undefined;
    readonly botId?: string | undefined;
    readonly teamId?: string | undefined;
  },
  working: WorkingState,
  where: string,
): void {
  deps.tasks.run(
    () =>
      answerMessage(
        deps,
        client,
        { ...message, botUserId: context.botUserId, botId: context.botId, teamId: message.teamId ?? context.teamId },
        working,
      ),
    (error) => deps.logger.error({ err: error }, `answering a slack ${where} failed`),
  );
}

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
    await post(renderReply(deps.commands.fail(error, slackCaller(deps, incoming.user))));
    return;
  }
  if (!claimed) {
    logger.debug({ channel: incoming.channel, ts: incoming.ts }, 'slack message already answered; skipped');
    return;
  }
  const text = slackTextToPlain(stripBotMention(incoming.text, incoming.botUserId));
  const caller = slackCaller(deps, incoming.user);
  let started = false;
  // A reindex's progress is one message in the thread, updated in place, that ends as its report.
  let progressTs: string | undefined;
  const update = async (message: SlackMessage) => {
    if (!progressTs) return post(message);
    return client.chat.update({
      channel: incoming.channel,
      ts: progressTs,
      text: message.text,
      blocks: message.blocks,
    });
  };
  // Set once a streamed answer reached the thread (whole, or its beginning with a failure notice).
  let shown = false;
  let failure: ErrorReply | undefined;
  const rendering: StreamRendering = {
    tail: answerTail,
    whole: renderThreadAnswer,
    failure: (error) => {
      failure = deps.commands.fail(error, caller, { name: 'ask' });
      return renderReply(failure);
    },
  };
  const reply = await deps.commands.runText(text, {
    ...caller,
    history: () => (incoming.threadTs !== incoming.ts ? threadHistory(client, incoming, logger) : Promise.resolve([])),
    onAccepted: async () => {
      started = true;
      await working.start();
    },
    onUpdate: async (interim) => {
      try {
        const sent = await update(renderReply(interim));
        progressTs ??= sent.ts;
      } catch (error) {
        logger.warn({ err: error }, 'could not show the reindex progress in slack');
      }
    },
    streamAnswer: async (events) => {
      const outcome = await streamAnswer(client, streamTarget(incoming), events, rendering, logger, {
        ...deps.pacing,
        refusals: deps.streamingRefusals,
      });
      shown = true;
      if (outcome.result) return outcome.result;
      throw new ShownFailure(failure ?? deps.commands.fail(outcome.error, caller, { name: 'ask' }));
    },
  });
  try {
    if (!shown) await update(renderReply(reply));
  } finally {
    if (started) await working.stop();
  }
}

/** Streams are replies in the question's thread; outside a direct message Slack wants the recipient. */
function streamTarget(incoming: IncomingQuestion): StreamTarget {
  const direct = incoming.channel.startsWith('D');
  return {
    channel: incoming.channel,
    threadTs: incoming.threadTs,
    ...(!direct && incoming.teamId ? { recipient: { userId: incoming.user, teamId: incoming.teamId } } : {}),
  };
}

/** The thread's earlier turns; without them the question is still answered, only without its context. */
function threadHistory(client: webApi.WebClient, incoming: IncomingQuestion, logger: Logger) {
  return threadTurns(client, {
    channel: incoming.channel,
    threadTs: incoming.threadTs,
    beforeTs: incoming.ts,
    botUserId: incoming.botUserId,
    botId: incoming.botId,
  }).catch((error: unknown) => {
    logger.warn({ err: error, channel: incoming.channel }, 'could not read the thread; answering without history');
    return [];
  });
}
