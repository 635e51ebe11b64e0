import type { webApi } from '@slack/bolt';
import type { Turn } from '../../core/types.js';
import { isAnswerMessage } from './blocks.js';
import { slackTextToPlain, stripBotMention, unescapeMrkdwn } from './mrkdwn.js';

interface ThreadMessage {
  readonly ts?: string;
  readonly text?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly subtype?: string;
  readonly blocks?: unknown;
}

/**
 * The earlier question/answer turns of a thread, oldest first: each of our answers paired with
 * the person's message before it. Messages at or after `beforeTs` (the one being answered) are left out.
 */
export function turnsFromThread(
  messages: readonly ThreadMessage[],
  options: { beforeTs: string; botUserId: string | undefined; botId: string | undefined },
): Turn[] {
  const turns: Turn[] = [];
  let pendingQuestion: string | null = null;
  for (const m of messages) {
    if (!m.ts || Number(m.ts) >= Number(options.beforeTs)) continue;
    const fromUs = (options.botId && m.bot_id === options.botId) || (options.botUserId && m.user === options.botUserId);
    if (fromUs) {
      if (pendingQuestion && isAnswerMessage(m.blocks) && m.text) {
        turns.push({ question: pendingQuestion, answer: unescapeMrkdwn(m.text) });
      }
      pendingQuestion = null;
    } else if (!m.bot_id && !m.subtype && m.text) {
      const question = slackTextToPlain(stripBotMention(m.text, options.botUserId));
      if (question) pendingQuestion = question;
    }
  }
  return turns;
}

/** Reads a thread with conversations.replies (first page: up to 200 messages is plenty for a chat thread). */
export async function threadTurns(
  client: webApi.WebClient,
  input: {
    channel: string;
    threadTs: string;
    beforeTs: string;
    botUserId: string | undefined;
    botId: string | undefined;
  },
): Promise<Turn[]> {
  const page = await client.conversations.replies({ channel: input.channel, ts: input.threadTs, limit: 200 });
  return turnsFromThread((page.messages ?? []) as ThreadMessage[], input);
}
