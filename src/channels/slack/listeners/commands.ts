import type { App, RespondFn } from '@slack/bolt';
import { type CommandName, parseCommandText } from '../../../core/commands/index.js';
import type { SlackMessage } from '../blocks.js';
import { type SlackDeps, slackCaller } from '../deps.js';
import { slackTextToPlain } from '../mrkdwn.js';
import { ADVISOR_COMMAND, renderReply } from '../render-reply.js';

/** What the acknowledgement says while a command works; null for commands answered in the acknowledgement. */
const WORKING: Record<CommandName, string | null> = {
  ask: ':hourglass_flowing_sand: Looking that up in the partnership chapters…',
  reindex: ':hourglass_flowing_sand: Reindexing the knowledge base; I will post the result here.',
  models: ':hourglass_flowing_sand: Listing the partnership models…',
  compare: ':hourglass_flowing_sand: Comparing…',
  recommend: ':hourglass_flowing_sand: Looking for the models that fit…',
  sources: ':hourglass_flowing_sand: Listing the indexed documents…',
  report: ':hourglass_flowing_sand: Building the knowledge report…',
  help: null,
};

/** Slash-command replies are ephemeral: no streaming, no table block, plain buttons. */
const EPHEMERAL = { ephemeral: true } as const;

const ephemeral = (message: SlackMessage) => ({
  response_type: 'ephemeral' as const,
  text: message.text,
  blocks: message.blocks,
});

/** `/advisor`: acknowledged at once (Slack allows 3 seconds); the result follows through the response URL. */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(ADVISOR_COMMAND, async ({ command, ack, respond }) => {
    const caller = slackCaller(deps, command.user_id);
    const parsed = parseCommandText(slackTextToPlain(command.text ?? ''));
    if ('reply' in parsed) {
      await ack(ephemeral(renderReply(parsed.reply, EPHEMERAL)));
      return;
    }
    const refused = deps.commands.refusal(parsed.command, caller);
    const working = WORKING[parsed.command.name];
    if (refused || working === null) {
      await ack(ephemeral(renderReply(refused ?? (await deps.commands.run(parsed.command, caller)), EPHEMERAL)));
      return;
    }
    await ack({ response_type: 'ephemeral', text: working });
    // Interim replies (a reindex's progress) replace the working message.
    const onUpdate = async (interim: Parameters<typeof renderReply>[0]) => {
      try {
        await respond({ ...ephemeral(renderReply(interim, EPHEMERAL)), replace_original: true });
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not show the reindex progress in slack');
      }
    };
    deps.tasks.run(
      async () =>
        reply(
          respond,
          renderReply(await deps.commands.run(parsed.command, { ...caller, onUpdate }), {
            ...EPHEMERAL,
            echoQuestion: true,
          }),
        ),
      (error) => deps.logger.error({ err: error, command: parsed.command.name }, 'slack command failed'),
    );
  });
}

async function reply(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ ...ephemeral(message), replace_original: false });
}
