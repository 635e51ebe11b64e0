/** Every reply of the command layer as a Slack message: one renderer per kind, in one exhaustive switch. */
import {
  assertNever,
  type CommandHelp,
  type ErrorReply,
  type Remedy,
  type Reply,
  reindexProgressText,
  reindexSummary,
  type UsageHint,
} from '../../core/commands/index.js';
import { renderThreadAnswer } from './answer-blocks.js';
import { contextBlock, renderAnswer, renderNotice, SLASH_COMMAND, type SlackMessage } from './blocks.js';
import { renderComparison, renderModels, renderRecommendation, renderUnknownModel } from './model-blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { renderReport } from './report-blocks.js';
import { renderSources } from './sources-blocks.js';
import { fitsTable, renderComparisonTable } from './table-blocks.js';

export const ADVISOR_COMMAND = SLASH_COMMAND;

/** How a Slack user does what the core asks for. */
const REMEDY: Record<Remedy, string> = {
  reindex: `An administrator can run \`${ADVISOR_COMMAND} reindex\`.`,
};

export interface RenderOptions {
  /** Repeat the question above the answer (a slash command's reply stands alone, unlike a thread reply). */
  readonly echoQuestion?: boolean;
  /**
   * An ephemeral reply (slash commands): mrkdwn sections, plain buttons and the section-per-dimension
   * comparison. Otherwise a thread message: markdown block, native feedback buttons, table block.
   */
  readonly ephemeral?: boolean;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer': {
      if (!options.ephemeral) return renderThreadAnswer(reply.result);
      const lead = options.echoQuestion
        ? [contextBlock(`*Question:* ${escapeMrkdwn(truncate(reply.result.question, 500))}`)]
        : [];
      return renderAnswer(reply.result, lead);
    }
    case 'comparison':
      return !options.ephemeral && fitsTable(reply.result)
        ? renderComparisonTable(reply.result)
        : renderComparison(reply.result);
    case 'models':
      return renderModels(reply.result);
    case 'recommendation':
      return renderRecommendation(reply.result);
    case 'reindexReport': {
      const { warnings } = reply.result;
      const listed =
        warnings.length > 0
          ? `\n:warning: ${warnings.length} warning(s): ${escapeMrkdwn(truncate(warnings.join('; '), 1500))}`
          : '';
      return renderNotice(`:white_check_mark: ${escapeMrkdwn(reindexSummary(reply.result))}${listed}`);
    }
    case 'reindexProgress':
      return renderNotice(`:hourglass_flowing_sand: ${escapeMrkdwn(reindexProgressText(reply))}`);
    case 'report':
      return renderReport(reply.result);
    case 'sources':
      return renderSources(reply.documents);
    case 'help':
      return reply.hint ? renderNotice(hintText(reply.hint)) : renderNotice(helpText(reply.commands));
    case 'notice':
      return renderNotice(`:information_source: ${escapeMrkdwn(reply.text)}`);
    case 'unknownModel':
      return renderUnknownModel(
        reply.name,
        reply.suggestions.map((s) => s.name),
      );
    case 'error':
      return renderNotice(errorText(reply));
    default:
      return assertNever(reply);
  }
}

function hintText(hint: UsageHint): string {
  return `:information_source: ${escapeMrkdwn(hint.text)} \`${ADVISOR_COMMAND} ${escapeMrkdwn(hint.example)}\``;
}

/** mrkdwn: `<` and `>` are escaped even in code spans, or Slack reads `<model>` as a link. */
export function helpText(commands: readonly CommandHelp[]): string {
  return [
    '*Partnership Advisor* answers questions about AI partnerships from our partnership chapters, with sources.',
    `• \`${ADVISOR_COMMAND} &lt;question&gt;\`: ask anything, e.g. \`${ADVISOR_COMMAND} How should IP be shared in a co-development deal?\``,
    ...commands.map((c) => `• \`${ADVISOR_COMMAND} ${escapeMrkdwn(c.usage)}\`: ${escapeMrkdwn(c.description)}`),
    'You can also mention me in a channel (I answer in the thread; mention me again for a follow-up) or send me a direct message.',
  ].join('\n');
}

export function errorText(reply: ErrorReply): string {
  const icon = reply.code === 'forbidden' ? ':no_entry:' : ':warning:';
  const remedy = reply.remedy ? ` ${REMEDY[reply.remedy]}` : '';
  return `${icon} ${escapeMrkdwn(reply.message)}${remedy}`;
}
