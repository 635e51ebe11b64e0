/** Every reply of the command layer as a Teams message: one renderer per kind, in one exhaustive switch. */
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
import { escapeTeamsMarkdown } from './markdown.js';
import { type TeamsReply, textReply } from './outgoing.js';
import { renderAnswer } from './render-answer.js';
import { renderComparison, renderDidYouMean, renderModels, renderRecommendation } from './render-cards.js';
import { renderReport } from './render-report.js';
import { renderSources } from './render-sources.js';

/** How a Teams user does what the core asks for. */
const REMEDY: Record<Remedy, string> = {
  reindex: 'An administrator can send me `reindex`.',
};

export interface TeamsRenderContext {
  /** The sender's AAD object id: a refused admin command says which id to add. */
  readonly userId: string;
  /** Emulator mode (no app id): no one is an admin, and a refused admin command says why. */
  readonly emulator?: boolean | undefined;
}

export function renderReply(reply: Reply, context: TeamsRenderContext): TeamsReply {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.result);
    case 'comparison':
      return renderComparison(reply.result);
    case 'models':
      return renderModels(reply.result);
    case 'recommendation':
      return renderRecommendation(reply.result);
    case 'reindexReport': {
      const { warnings } = reply.result;
      const listed =
        warnings.length > 0 ? `\n\nWarnings:\n${warnings.map((w) => `- ${escapeTeamsMarkdown(w)}`).join('\n')}` : '';
      return textReply(`${reindexSummary(reply.result)}${listed}`);
    }
    case 'reindexProgress':
      return textReply(reindexProgressText(reply));
    case 'report':
      return renderReport(reply.result);
    case 'sources':
      return renderSources(reply.documents);
    case 'help':
      return textReply(helpText(reply.commands, reply.hint));
    case 'notice':
      return textReply(escapeTeamsMarkdown(reply.text));
    case 'unknownModel':
      return renderDidYouMean(reply.name, reply.suggestions);
    case 'error':
      return textReply(errorText(reply, context));
    default:
      return assertNever(reply);
  }
}

/** An error as Teams Markdown: the message may quote what the user typed, so it is escaped. */
export function errorText(reply: ErrorReply, context: TeamsRenderContext): string {
  if (reply.code === 'forbidden' && context.emulator) {
    return 'Admin commands need a configured bot: in emulator mode (no `MICROSOFT_APP_ID`) activities are not signed, so no one counts as an administrator. Run `npm run cli -- reindex` on the server instead.';
  }
  const remedy = reply.remedy ? ` ${REMEDY[reply.remedy]}` : '';
  const admin =
    reply.code === 'forbidden'
      ? ` If you should be one, ask an administrator to add your AAD object id (${escapeTeamsMarkdown(context.userId || 'unknown')}) to TEAMS_ADMIN_AAD_IDS.`
      : '';
  return `${escapeTeamsMarkdown(reply.message)}${remedy}${admin}`;
}

export function helpText(commands: readonly CommandHelp[], hint?: UsageHint, greeting?: string): string {
  // Code spans: Teams reads a bare `<model>` in message text as an HTML tag and drops it.
  const lines = commands.map((c) => `- \`${c.usage}\`: ${c.description}`);
  return [
    ...(greeting ? [greeting, ''] : []),
    ...(hint ? [`${escapeTeamsMarkdown(hint.text)} ${escapeTeamsMarkdown(hint.example)}`, ''] : []),
    'I answer questions about AI partnerships from our partnership chapters, and cite the passages I used.',
    'Just ask, or use a command:',
    '',
    ...lines,
    '',
    'In a channel or group chat, @mention me. Rate an answer with 👍 or 👎 to help us improve it.',
  ].join('\n');
}
