import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { isAppError } from '../../../core/errors.js';
import { enforceRateLimit } from '../../../core/rate-limit.js';
import { contextBlock, renderAnswer, renderNotice, type SlackMessage } from '../blocks.js';
import { type AdvisorCommand, HELP_TEXT, parseAdvisorCommand } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { userMessageFor } from '../error-messages.js';
import { renderComparison, renderModels, renderRecommendation, renderUnknownModel } from '../model-blocks.js';
import { escapeMrkdwn, slackTextToPlain, truncate } from '../mrkdwn.js';

export const ADVISOR_COMMAND = '/advisor';

const WORKING: Record<Exclude<AdvisorCommand['kind'], 'help' | 'usage'>, string> = {
  ask: ':hourglass_flowing_sand: Looking that up in the partnership chapters…',
  reindex: ':hourglass_flowing_sand: Reindexing the knowledge base; I will post the result here.',
  models: ':hourglass_flowing_sand: Listing the partnership models…',
  compare: ':hourglass_flowing_sand: Comparing…',
  recommend: ':hourglass_flowing_sand: Looking for the models that fit…',
};

/** `/advisor`: acknowledged at once (Slack allows 3 seconds); the result follows through the response URL. */
export function registerCommands(app: App, deps: SlackDeps): void {
  const admins = new Set(deps.settings.adminUserIds);
  app.command(ADVISOR_COMMAND, async ({ command, ack, respond }) => {
    const parsed = parseAdvisorCommand(slackTextToPlain(command.text ?? ''));
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT });
      return;
    }
    if (parsed.kind === 'usage') {
      await ack({ response_type: 'ephemeral', text: `:information_source: ${parsed.message}` });
      return;
    }
    if (parsed.kind === 'reindex' && !admins.has(command.user_id)) {
      await ack({
        response_type: 'ephemeral',
        text: ":no_entry: Sorry, only the advisor's administrators can reindex the knowledge base. Ask one of them, or ask me a question instead.",
      });
      return;
    }
    await ack({ response_type: 'ephemeral', text: WORKING[parsed.kind] });
    deps.tasks.run(
      () => runCommand(deps, parsed, command, respond),
      (error) => deps.logger.error({ err: error, command: parsed.kind }, 'slack command failed'),
    );
  });
}

async function reply(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: message.text,
    blocks: message.blocks,
  });
}

async function runCommand(
  deps: SlackDeps,
  parsed: Exclude<AdvisorCommand, { kind: 'help' | 'usage' }>,
  command: SlashCommand,
  respond: RespondFn,
): Promise<void> {
  // Only a reindex stops on shutdown (before writing); answers in progress finish while the server drains.
  const signal = deps.shutdownSignal ? { signal: deps.shutdownSignal } : {};
  try {
    if (parsed.kind !== 'reindex') {
      await enforceRateLimit(deps.ledger, {
        channel: 'slack',
        user: command.user_id,
        perMinute: deps.settings.ratePerMinute,
      });
    }
    switch (parsed.kind) {
      case 'ask': {
        const result = await deps.advisor.ask(parsed.question, { channel: 'slack' });
        const asked = `*Question:* ${escapeMrkdwn(truncate(result.question, 500))}`;
        await reply(respond, renderAnswer(result, [contextBlock(asked)]));
        return;
      }
      case 'reindex': {
        const result = await deps.advisor.reindex({ actor: `slack:${command.user_id}`, trigger: 'slack', ...signal });
        const c = result.counts;
        const warnings =
          result.warnings.length > 0
            ? `\n:warning: ${result.warnings.length} warning(s): ${escapeMrkdwn(truncate(result.warnings.join('; '), 1500))}`
            : '';
        await reply(
          respond,
          renderNotice(
            `:white_check_mark: Reindex finished in ${(result.durationMs / 1000).toFixed(1)} s: ${c.documents} documents, ${c.chunks} chunks (${c.added} added, ${c.updated} updated, ${c.removed} removed, ${c.unchanged} unchanged; ${c.embedded} embedded).${warnings}`,
          ),
        );
        return;
      }
      case 'models':
        await reply(respond, renderModels(await deps.models.list()));
        return;
      case 'compare':
        await reply(respond, renderComparison(await deps.models.compare(parsed.names, { channel: 'slack' })));
        return;
      case 'recommend':
        await reply(respond, renderRecommendation(await deps.models.recommend(parsed.situation, { channel: 'slack' })));
        return;
    }
  } catch (error) {
    if (isAppError(error, 'unknown_model')) {
      const suggestions = Array.isArray(error.details.suggestions) ? error.details.suggestions.map(String) : [];
      const name = typeof error.details.name === 'string' ? error.details.name : '';
      await reply(respond, renderUnknownModel(name, suggestions));
      return;
    }
    await reply(
      respond,
      renderNotice(userMessageFor(error, deps.logger, { command: parsed.kind, user: command.user_id })),
    );
  }
}
