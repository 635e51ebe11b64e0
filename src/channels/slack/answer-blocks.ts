/**
 * Answers in threads (mentions, direct messages, the assistant pane), in Slack's AI-app shape: the
 * text as a `markdown` block (or the stream's markdown), then notices, sources and the native
 * feedback buttons (`context_actions` with `feedback_buttons`). Slash-command replies are ephemeral
 * and keep the mrkdwn sections and plain buttons of `renderAnswer` (blocks.ts).
 */
import type { types } from '@slack/bolt';
import type { AskResult, Vote } from '../../core/types.js';
import {
  type Block,
  capBlocks,
  coverageBlocks,
  FEEDBACK_BLOCK_ID,
  MARKDOWN_LIMIT,
  noticeBlocks,
  type SlackMessage,
  sourcesBlocks,
  suggestionBlocks,
} from './blocks.js';
import { toSlackMarkdown } from './markdown.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** The action id of the 👍/👎 pair; each button's value is `up:<answer id>` or `down:<answer id>`. */
export const ACTION_FEEDBACK = 'advisor_feedback_buttons';

export function feedbackButtons(answerId: string): Block {
  const block: types.ContextActionsBlock = {
    type: 'context_actions',
    block_id: FEEDBACK_BLOCK_ID,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION_FEEDBACK,
        positive_button: {
          text: { type: 'plain_text', text: '👍' },
          accessibility_label: 'This answer was helpful',
          value: `up:${answerId}`,
        },
        negative_button: {
          text: { type: 'plain_text', text: '👎' },
          accessibility_label: 'This answer was not helpful',
          value: `down:${answerId}`,
        },
      },
    ],
  };
  return block;
}

/** The vote a feedback button's value carries, or null for a value we did not make. */
export function feedbackVote(value: string | undefined): { vote: Vote; answerId: string } | null {
  const match = /^(up|down):(.+)$/.exec(value ?? '');
  return match ? { vote: match[1] as Vote, answerId: match[2] ?? '' } : null;
}

/**
 * What follows an answer's text (attached when a stream stops): how far the chapters cover it, the
 * command for the full comparison or recommendation, notices, sources, feedback.
 */
export function answerTail(result: AskResult): Block[] {
  return [
    ...coverageBlocks(result),
    ...suggestionBlocks(result),
    ...noticeBlocks(result.notices),
    ...sourcesBlocks(result.citations),
    feedbackButtons(result.answerId),
  ];
}

/** An answer as one thread message (Slack refused to stream, or the answer was revised at the end). */
export function renderThreadAnswer(result: AskResult): SlackMessage {
  const markdown = truncate(toSlackMarkdown(result.answer), MARKDOWN_LIMIT);
  return {
    text: truncate(escapeMrkdwn(result.answer), 2900),
    blocks: capBlocks([{ type: 'markdown', text: markdown }], answerTail(result)),
  };
}
