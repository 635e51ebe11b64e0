/**
 * Block Kit for answers: the answer in section blocks under Slack's limits, a sources block with
 * `[n] Title › Section` (linked when the knowledge file declares a URL), notices, and 👍/👎 buttons.
 */
import type { types } from '@slack/bolt';
import { coverageNotice, suggestionLead } from '../../core/commands/index.js';
import type { AskResult, Citation } from '../../core/types.js';
import { answerToMrkdwn, escapeMrkdwn, mrkdwnLink, splitMrkdwn, truncate } from './mrkdwn.js';

export type Block = types.KnownBlock;

/** Slack's limits: 3,000 characters per section text, 50 blocks per message. */
export const SECTION_LIMIT = 3000;
export const MAX_BLOCKS = 50;
/** Room left under the section limit so that a split piece never touches it. */
const SECTION_BUDGET = 2900;

export const FEEDBACK_BLOCK_ID = 'advisor_feedback';
export const ACTION_VOTE_UP = 'advisor_vote_up';
export const ACTION_VOTE_DOWN = 'advisor_vote_down';

export interface SlackMessage {
  /** Notification and fallback text (also escaped). */
  readonly text: string;
  readonly blocks: Block[];
}

export function mrkdwnSection(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

/** Section blocks for long mrkdwn, each under the section limit. */
export function mrkdwnSections(mrkdwn: string): Block[] {
  return splitMrkdwn(mrkdwn, SECTION_BUDGET).map(mrkdwnSection);
}

export function contextBlock(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, SECTION_BUDGET), verbatim: true }] };
}

/** Slack's limit for the text of markdown blocks in one message. */
export const MARKDOWN_LIMIT = 12_000;

/** A reply's notices (keyword-only search, model fallback ...), one context line each. */
export function noticeBlocks(notices: readonly string[]): Block[] {
  return notices.map((n) => contextBlock(`:information_source: ${escapeMrkdwn(n)}`));
}

/** `[n] Title › Section`, linked when the citation has a URL. */
export function sourceLine(citation: Citation): string {
  const label = citation.section ? `${citation.title} › ${citation.section}` : citation.title;
  return `[${citation.n}] ${mrkdwnLink(citation.url, truncate(label, 300))}`;
}

export function sourcesBlocks(citations: readonly Citation[]): Block[] {
  if (citations.length === 0) return [];
  return mrkdwnSections(`*Sources*\n${citations.map(sourceLine).join('\n')}`);
}

export function feedbackBlock(answerId: string): Block {
  return {
    type: 'actions',
    block_id: FEEDBACK_BLOCK_ID,
    elements: [
      {
        type: 'button',
        action_id: ACTION_VOTE_UP,
        text: { type: 'plain_text', text: '👍 Helpful', emoji: true },
        value: answerId,
      },
      {
        type: 'button',
        action_id: ACTION_VOTE_DOWN,
        text: { type: 'plain_text', text: '👎 Not helpful', emoji: true },
        value: answerId,
      },
    ],
  };
}

/** Keeps a message within 50 blocks: the tail (sources, buttons) is kept, the middle is cut with a note. */
export function capBlocks(body: Block[], tail: Block[]): Block[] {
  const room = MAX_BLOCKS - tail.length;
  if (body.length <= room) return [...body, ...tail];
  return [
    ...body.slice(0, room - 1),
    contextBlock('_The rest of this answer was too long for one Slack message._'),
    ...tail,
  ];
}

/** The command a Slack user types for a suggestion. */
export const SLASH_COMMAND = '/advisor';

/** The coverage notice above an answer that is not fully answered (partial or not covered). */
export function coverageBlocks(result: AskResult): Block[] {
  const notice = coverageNotice(result);
  if (!notice) return [];
  const icon = result.coverage === 'partial' ? ':warning:' : ':no_entry_sign:';
  return [contextBlock(`${icon} *${escapeMrkdwn(notice)}*`)];
}

/** "Full comparison table: `/advisor compare A vs B`". */
export function suggestionBlocks(result: AskResult): Block[] {
  const s = result.suggestion;
  if (!s) return [];
  return [
    contextBlock(`:bar_chart: ${suggestionLead(s)} \`${SLASH_COMMAND} ${escapeMrkdwn(`${s.command} ${s.args}`)}\``),
  ];
}

/** An answer as a Slack message. */
export function renderAnswer(result: AskResult, lead: readonly Block[] = []): SlackMessage {
  const body = [...lead, ...coverageBlocks(result), ...mrkdwnSections(answerToMrkdwn(result.answer))];
  const tail: Block[] = [
    ...suggestionBlocks(result),
    ...noticeBlocks(result.notices),
    ...sourcesBlocks(result.citations),
    feedbackBlock(result.answerId),
  ];
  return { text: truncate(escapeMrkdwn(result.answer), SECTION_BUDGET), blocks: capBlocks(body, tail) };
}

/** A short message: a notice, an error, a refusal. `mrkdwn` must already be escaped where it holds user text. */
export function renderNotice(mrkdwn: string): SlackMessage {
  return { text: truncate(mrkdwn, SECTION_BUDGET), blocks: mrkdwnSections(mrkdwn) };
}

/** True when a message (as returned by conversations.replies) is one of our answers. */
export function isAnswerMessage(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((b) => (b as { block_id?: unknown })?.block_id === FEEDBACK_BLOCK_ID);
}
