import { type App, Assistant } from '@slack/bolt';
import { answerInBackground, reactionWorkingState, type WorkingState } from '../answer-flow.js';
import type { SlackDeps } from '../deps.js';
import { slackTextToPlain, truncate } from '../mrkdwn.js';

export const WORKING_STATUS = 'is reading the partnership chapters…';
/** Rotated by Slack while an answer is in flight. */
export const LOADING_MESSAGES = [
  'Searching the partnership chapters…',
  'Reading the most relevant passages…',
  'Checking the sources…',
  'Writing the answer…',
] as const;

export const SUGGESTED_PROMPTS = [
  { title: 'Compare partnership models', message: 'When does a strategic alliance beat a joint venture?' },
  { title: 'Share IP in a deal', message: 'How should we share IP in an AI licensing deal?' },
  { title: 'Co-develop with a partner', message: 'What are best practices for co-creation and joint development?' },
  { title: 'Spot the risks', message: 'What are the main risks of forming a joint venture?' },
] as const;

export const ASSISTANT_GREETING =
  'Hi! I answer questions about AI partnerships from our partnership chapters, with sources. Ask me anything, or pick a suggestion.';

/**
 * Slack's AI assistant pane (and any thread in a direct message): suggested prompts when a thread
 * starts, the assistant status while answering, the answer in the thread.
 */
export function registerAssistant(app: App, deps: SlackDeps): void {
  const assistant = new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      await say(ASSISTANT_GREETING);
      await setSuggestedPrompts({ title: 'Try one of these:', prompts: [...SUGGESTED_PROMPTS] });
    },
    userMessage: async ({ message, context, client, setStatus, setTitle }) => {
      if (!('user' in message) || !message.user || !('text' in message)) return;
      if ('bot_id' in message && message.bot_id) return;
      const { user, text = '' } = message;
      const threadTs = ('thread_ts' in message && message.thread_ts) || message.ts;
      const reaction = reactionWorkingState(client, message.channel, message.ts, deps);
      let usedStatus = false;
      // The assistant status exists only in assistant threads; a plain DM thread falls back to the reaction.
      const working: WorkingState = {
        start: async () => {
          usedStatus = await setStatus({ status: WORKING_STATUS, loading_messages: [...LOADING_MESSAGES] }).then(
            () => true,
            () => false,
          );
          if (!usedStatus) await reaction.start();
        },
        stop: async () => {
          if (!usedStatus) await reaction.stop();
          // The answer's first words clear the assistant status by themselves.
        },
      };
      titleThread(deps, message.channel, threadTs, text, setTitle);
      answerInBackground(
        deps,
        client,
        { channel: message.channel, ts: message.ts, threadTs, user, text },
        context,
        working,
        'assistant pane message',
      );
    },
  });
  app.assistant(assistant);
}

/**
 * Names an assistant thread after its first question (the thread list shows it). Claimed in the
 * event ledger, so a later question, a retry or another replica does not rename it.
 */
function titleThread(
  deps: SlackDeps,
  channel: string,
  threadTs: string,
  text: string,
  setTitle: (title: string) => Promise<unknown>,
): void {
  const title = truncate(slackTextToPlain(text).replace(/\s+/g, ' ').trim(), 80);
  if (!title) return;
  deps.tasks.run(
    async () => {
      if (await deps.ledger.claimEvent(`slack:title:${channel}:${threadTs}`)) await setTitle(title);
    },
    (error) => deps.logger.debug({ err: error }, 'could not title the assistant thread'),
  );
}
