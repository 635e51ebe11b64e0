import type { Advisor } from '../../core/advisor.js';
import { isAppError, toAppError } from '../../core/errors.js';
import type { PartnershipModels } from '../../core/models/types.js';
import type { Logger } from '../../core/ports.js';
import type { Turn } from '../../core/types.js';
import type { TeamsCommand } from './commands.js';
import { escapeTeamsMarkdown } from './markdown.js';
import { type Reply, textReply } from './outgoing.js';
import { renderAnswer } from './render-answer.js';
import { renderComparison, renderDidYouMean, renderModels, renderRecommendation } from './render-cards.js';
import { errorText, helpText } from './user-messages.js';

export interface CommandContext {
  readonly advisor: Pick<Advisor, 'ask' | 'reindex'>;
  readonly models: PartnershipModels;
  readonly logger: Logger;
  /** Earlier turns of this conversation (or channel thread), oldest first. */
  readonly history: () => Promise<Turn[]>;
  /** The sender's AAD object id (Teams) or channel user id. */
  readonly userId: string;
  readonly isAdmin: boolean;
  /** Emulator mode: admin commands are refused to everyone, with a reason. */
  readonly emulator?: boolean;
  /** Shown to users with unexpected errors so administrators can find the log line. */
  readonly reference: string;
  readonly shutdownSignal?: AbortSignal | undefined;
  /** Counts a question against the user's per-minute limit; throws AppError('rate_limited') over it. */
  readonly rateLimit: () => Promise<void>;
}

/** Runs one command and renders what the user sees. Never throws: errors become messages. */
export async function runCommand(command: TeamsCommand, ctx: CommandContext): Promise<Reply> {
  try {
    return await dispatch(command, ctx);
  } catch (error) {
    const e = toAppError(error);
    if (isAppError(e, 'unknown_model') && command.kind === 'compare') {
      const unknown = typeof e.details.name === 'string' ? e.details.name : '';
      const suggestions = Array.isArray(e.details.suggestions)
        ? e.details.suggestions.filter((s): s is string => typeof s === 'string')
        : [];
      return renderDidYouMean(unknown, suggestions, (name) => retryCompare(command.names, unknown, name));
    }
    const log = e.code === 'internal' ? ctx.logger.error.bind(ctx.logger) : ctx.logger.info.bind(ctx.logger);
    log({ code: e.code, err: e.code === 'internal' ? error : undefined, reference: ctx.reference }, e.message);
    return textReply(errorText(e, ctx.reference));
  }
}

async function dispatch(command: TeamsCommand, ctx: CommandContext): Promise<Reply> {
  switch (command.kind) {
    case 'help':
      return textReply(helpText(command.reason));
    case 'ask': {
      await ctx.rateLimit();
      const history = await ctx.history();
      const result = await ctx.advisor.ask(command.question, { history, channel: 'teams' });
      return renderAnswer(result);
    }
    case 'compare':
      await ctx.rateLimit();
      return renderComparison(await ctx.models.compare(command.names, { channel: 'teams' }));
    case 'models':
      return renderModels(await ctx.models.list());
    case 'recommend':
      await ctx.rateLimit();
      return renderRecommendation(await ctx.models.recommend(command.situation, { channel: 'teams' }));
    case 'reindex':
      return reindex(ctx);
  }
}

async function reindex(ctx: CommandContext): Promise<Reply> {
  if (ctx.emulator) {
    return textReply(
      'Reindex needs a configured bot: in emulator mode (no `MICROSOFT_APP_ID`) activities are not signed, so no one counts as an administrator. Run `npm run cli -- reindex` on the server instead.',
    );
  }
  if (!ctx.isAdmin) {
    return textReply(
      `Only the advisor's administrators can reindex. If you should be one, ask an administrator to add your AAD object id (${escapeTeamsMarkdown(ctx.userId || 'unknown')}) to \`TEAMS_ADMIN_AAD_IDS\`.`,
    );
  }
  const result = await ctx.advisor.reindex({
    actor: `teams:${ctx.userId}`,
    trigger: 'teams',
    ...(ctx.shutdownSignal ? { signal: ctx.shutdownSignal } : {}),
  });
  const c = result.counts;
  const seconds = (result.durationMs / 1000).toFixed(1);
  const warnings =
    result.warnings.length > 0
      ? `\n\nWarnings:\n${result.warnings.map((w) => `- ${escapeTeamsMarkdown(w)}`).join('\n')}`
      : '';
  return textReply(
    `Reindex finished in ${seconds} s: ${c.added} added, ${c.updated} updated, ${c.removed} removed, ${c.unchanged} unchanged (${c.documents} documents, ${c.chunks} passages).${warnings}`,
  );
}

/** The compare command again, with the unknown name replaced by a suggestion. */
function retryCompare(names: readonly string[], unknown: string, replacement: string): string {
  const fixed = names.map((n) => (n.toLowerCase() === unknown.toLowerCase() ? replacement : n));
  if (!fixed.includes(replacement)) fixed[fixed.length - 1] = replacement;
  return `compare ${fixed.join(' vs ')}`;
}
