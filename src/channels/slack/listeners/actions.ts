import type { App, BlockAction, ButtonAction, FeedbackButtonsAction, RespondFn, webApi } from '@slack/bolt';
import type { Vote } from '../../../core/types.js';
import { ACTION_FEEDBACK, feedbackVote } from '../answer-blocks.js';
import { ACTION_VOTE_DOWN, ACTION_VOTE_UP } from '../blocks.js';
import type { SlackDeps } from '../deps.js';
import { errorText } from '../render-reply.js';

export const FEEDBACK_MODAL = 'advisor_feedback_comment';
const COMMENT_BLOCK = 'comment';
const COMMENT_INPUT = 'comment_input';
const COMMENT_LIMIT = 2000;

/** The "what was wrong?" modal opened by 👎. */
export function feedbackModal(answerId: string): webApi.ViewsOpenArguments['view'] {
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL,
    private_metadata: JSON.stringify({ answerId }),
    title: { type: 'plain_text', text: 'Answer feedback' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Skip' },
    blocks: [
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'What was wrong?' },
        hint: {
          type: 'plain_text',
          text: 'Your 👎 is already saved. A sentence helps us fix the answer or the chapters.',
        },
        element: {
          type: 'plain_text_input',
          action_id: COMMENT_INPUT,
          multiline: true,
          max_length: COMMENT_LIMIT,
          placeholder: { type: 'plain_text', text: 'e.g. it missed the part about IP ownership' },
        },
      },
    ],
  };
}

/**
 * 👍/👎 on an answer: the vote is stored at once; 👎 then asks what was wrong. Answers carry Slack's
 * native feedback buttons; the plain buttons of earlier answers and of slash-command replies still work.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  const vote = async (
    kind: Vote,
    answerId: string,
    { body, client, respond }: { body: BlockAction; client: webApi.WebClient; respond: RespondFn },
  ) => {
    const failed = await deps.commands.feedback(
      { answerId, vote: kind, user: body.user.id, channel: 'slack' },
      { channel: 'slack', user: body.user.id },
    );
    if (failed) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorText(failed) });
      return;
    }
    if (kind === 'down') {
      await client.views.open({ trigger_id: body.trigger_id, view: feedbackModal(answerId) });
    } else {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Thanks for the feedback! :raised_hands:',
      });
    }
  };
  const button =
    (kind: Vote) =>
    async (args: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      client: webApi.WebClient;
      respond: RespondFn;
    }) => {
      await args.ack();
      await vote(kind, args.action.value ?? '', args);
    };
  app.action<BlockAction<ButtonAction>>(ACTION_VOTE_UP, button('up'));
  app.action<BlockAction<ButtonAction>>(ACTION_VOTE_DOWN, button('down'));
  app.action<BlockAction<FeedbackButtonsAction>>(ACTION_FEEDBACK, async (args) => {
    await args.ack();
    const parsed = feedbackVote(args.action.value);
    // A value we did not make is an unknown answer: the command layer says so.
    await vote(parsed?.vote ?? 'up', parsed?.answerId ?? '', args);
  });

  app.view(FEEDBACK_MODAL, async ({ ack, view, body }) => {
    const comment = view.state.values[COMMENT_BLOCK]?.[COMMENT_INPUT]?.value?.trim() ?? '';
    let answerId = '';
    try {
      answerId = String((JSON.parse(view.private_metadata) as { answerId?: unknown }).answerId ?? '');
    } catch {
      // An unreadable private_metadata cannot come from our modal; treated as an unknown answer below.
    }
    if (!comment) {
      await ack();
      return;
    }
    const failed = await deps.commands.feedback(
      { answerId, vote: 'down', comment, user: body.user.id, channel: 'slack' },
      { channel: 'slack', user: body.user.id },
    );
    // On failure the modal stays open with the text, so nothing the user typed is lost.
    await (failed ? ack({ response_action: 'errors', errors: { [COMMENT_BLOCK]: failed.message } }) : ack());
  });
}
