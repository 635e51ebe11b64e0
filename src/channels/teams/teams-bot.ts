import { type Activity, type CloudAdapter, type InvokeResponse, TurnContext } from 'botbuilder';
import {
  type Caller,
  type CommandDispatcher,
  type ErrorReply,
  errorReply,
  HELP,
  type ParsedText,
  parseCommandText,
  type Reply,
  ShownFailure,
} from '../../core/commands/index.js';
import type { ConversationLog, EventLedger, Logger, MessageLinks } from '../../core/ports.js';
import type { Turn } from '../../core/types.js';
import { parseFeedback } from './feedback.js';
import { answerToTeamsMarkdown } from './markdown.js';
import { isBotMentioned, questionText } from './mentions.js';
import { type TeamsReply, textReply } from './outgoing.js';
import { RelaySender } from './relay-sender.js';
import { renderAnswer } from './render-answer.js';
import { errorText, helpText, renderReply } from './render-reply.js';
import { type SendActivity, streamReply } from './stream-reply.js';

export interface TeamsBotDeps {
  readonly commands: CommandDispatcher;
  readonly store: ConversationLog & EventLedger & MessageLinks;
  readonly logger: Logger;
  /** AAD object ids allowed to reindex. */
  readonly adminAadIds: readonly string[];
  /** Unsigned activities (no app id): anyone on the machine can claim any id, so no one is an admin. */
  readonly emulator: boolean;
  /** Conversation turns older than this are deleted and never used for follow-ups. */
  readonly retentionDays: number;
  /** Runs work that outlives the HTTP request (an answer sent proactively); shutdown waits for it. */
  readonly runInBackground: (work: () => Promise<void>) => void;
  readonly shutdownSignal?: AbortSignal | undefined;
  /** Earlier turns of the conversation passed with a question. */
  readonly historyTurns: number;
  /**
   * How long to answer within the HTTP request before finishing it and replying proactively
   * (default 10 s: Teams retries a delivery it has no response for after 15 s).
   */
  readonly replyBudgetMs?: number;
  readonly now?: () => number;
  /** How often a streamed answer's text is updated (default 500 ms, as Teams' own SDK does). */
  readonly streamPacing?: { readonly updateEveryMs?: number } | undefined;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;
const TYPING_EVERY_MS = 3000;
const CHANNEL = 'teams';

/** The Teams bot: decides whether a message is for it, runs the command, replies in time. */
export class TeamsBot {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly deps: TeamsBotDeps) {
    this.now = deps.now ?? Date.now;
  }

  async onTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    switch (activity.type) {
      case 'message':
        return this.onMessage(context);
      case 'invoke':
        return this.onInvoke(context);
      case 'conversationUpdate':
        return this.onConversationUpdate(context);
      default:
        return;
    }
  }

  private async onMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const scope = activity.conversation.conversationType ?? 'personal';
    const submitted = commandFromCard(activity.value);
    // In group chats and channels the bot sees every message of threads it is in: answer only its own.
    if (scope !== 'personal' && !submitted && !isBotMentioned(activity)) return;

    if (activity.id && !(await this.claim(activity))) {
      this.deps.logger.info({ activityId: activity.id }, 'teams: duplicate delivery ignored');
      return;
    }
    const parsed = parseCommandText(submitted ?? questionText(activity));
    const started = this.now();
    // Teams streams in one-on-one chats only; elsewhere (and when the replies come back in the
    // response body) the final message is the only one.
    const stream =
      scope === 'personal' &&
      activity.deliveryMode !== 'expectReplies' &&
      'command' in parsed &&
      parsed.command.name === 'ask'
        ? new RelaySender((a) => context.sendActivity(a))
        : undefined;
    const work = this.produce(context, parsed, stream?.send);
    const typing = () =>
      context.sendActivity({ type: 'typing' }).then(
        () => {},
        (error: unknown) => this.deps.logger.warn({ err: error }, 'teams: could not send the typing indicator'),
      );
    // A stream opens with its own informative update.
    if (!stream) await typing();

    if (activity.deliveryMode === 'expectReplies') {
      await this.deliver(context, await work);
      return;
    }
    const budget = this.deps.replyBudgetMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budget);
    });
    // Teams shows the indicator for about 3 seconds: repeat it while the answer is being made.
    const keepTyping = stream ? undefined : setInterval(() => void typing(), TYPING_EVERY_MS);
    const inTime = await Promise.race([work, late]);
    clearTimeout(timer);
    clearInterval(keepTyping);
    if (inTime) {
      await this.deliver(context, inTime);
      this.log(parsed, scope, started, 'in turn');
      return;
    }
    // Too slow for Teams' 15-second window: end the request now (so Teams does not retry) and reply later.
    const reference = TurnContext.getConversationReference(activity);
    const identity = context.turnState.get(context.adapter.BotIdentityKey);
    const adapter = context.adapter as CloudAdapter;
    // A stream in progress goes on in the proactive turn: this turn's context ends with the request.
    await stream?.hold();
    this.deps.runInBackground(async () => {
      try {
        await adapter.continueConversationAsync(identity, reference, async (proactive) => {
          stream?.switchTo((a) => proactive.sendActivity(a));
          await this.deliver(proactive, await work);
        });
      } catch (error) {
        // Without a proactive turn the stream cannot go on: let it fail, and its answer end.
        stream?.switchTo(() => Promise.reject(error));
        await work.catch(() => undefined);
        throw error;
      }
      this.log(parsed, scope, started, 'proactively');
    });
  }

  private log(parsed: ParsedText, scope: string, started: number, how: string): void {
    const command = 'command' in parsed ? parsed.command.name : parsed.reply.kind;
    this.deps.logger.info({ command, scope, ms: this.now() - started }, `teams: replied ${how}`);
  }

  private async claim(activity: Activity): Promise<boolean> {
    try {
      return await this.deps.store.claimEvent(`teams:${activity.conversation.id}|${activity.id}`);
    } catch (error) {
      // Without the ledger a duplicate may be answered twice; that beats not answering at all.
      this.deps.logger.warn({ err: error }, 'teams: could not deduplicate the activity; answering anyway');
      return true;
    }
  }

  /** Runs the command; with `stream`, an answer is streamed as it is written (the reply says it was sent). */
  private async produce(context: TurnContext, parsed: ParsedText, stream?: SendActivity): Promise<TeamsReply> {
    const { activity } = context;
    const userId = activity.from?.aadObjectId ?? activity.from?.id ?? '';
    const conversationKey = `teams:${activity.conversation.id}`;
    const renderContext = { userId, emulator: this.deps.emulator };
    const caller: Caller = {
      channel: CHANNEL,
      user: userId,
      isAdmin:
        !this.deps.emulator &&
        !!activity.from?.aadObjectId &&
        this.deps.adminAadIds.includes(activity.from.aadObjectId),
      actor: `teams:${userId}`,
      signal: this.deps.shutdownSignal,
      onUpdate: this.interimMessages(context, userId),
      history: async () => {
        await this.pruneNowAndThen();
        return this.deps.store.recentTurns(conversationKey, this.deps.historyTurns);
      },
    };
    let sent: readonly string[] | undefined;
    let turnSaved = false;
    const saveTurn = (turn: Turn) =>
      this.deps.store.appendTurn(conversationKey, turn).then(
        () => {
          turnSaved = true;
        },
        (error: unknown) => {
          this.deps.logger.warn({ err: error }, 'teams: could not save the turn; the next follow-up will lack it');
        },
      );
    const streamAnswer: Caller['streamAnswer'] = stream
      ? async (events) => {
          let failure: ErrorReply | undefined;
          const outcome = await streamReply(
            stream,
            events,
            {
              final: (result) => renderAnswer(result).message,
              // Before the final message goes out: a follow-up or a vote sent at once finds its answer.
              settle: async (result, streamId) => {
                const { turn } = renderAnswer(result);
                if (turn) await saveTurn(turn);
                if (streamId) await this.link(activity, streamId, result.answerId);
              },
              failure: (error) => {
                failure = this.deps.commands.fail(error, caller, { name: 'ask' });
                return textReply(errorText(failure, renderContext)).message;
              },
              progress: answerToTeamsMarkdown,
            },
            this.deps.logger,
            this.deps.streamPacing,
          );
          sent = outcome.messageIds;
          if (outcome.result) return outcome.result;
          // Stopped by the user: nothing to add, nothing to log beyond the sender's line.
          if (outcome.stopped) throw new ShownFailure(errorReply(new Error('stream stopped'), 'stopped'));
          throw new ShownFailure(failure ?? this.deps.commands.fail(new Error('no answer'), caller, { name: 'ask' }));
        }
      : undefined;
    const neutral =
      'reply' in parsed ? parsed.reply : await this.deps.commands.run(parsed.command, { ...caller, streamAnswer });
    const reply = { ...renderReply(neutral, renderContext), ...(sent ? { sent } : {}) };
    if (reply.turn && !turnSaved) await saveTurn(reply.turn);
    return reply;
  }

  /**
   * Interim replies (a reindex's progress) as one message, sent then updated in place. Sent
   * proactively, as they may come after the request has ended; not in `expectReplies` mode, where
   * every reply travels in the one HTTP response.
   */
  private interimMessages(context: TurnContext, userId: string): ((reply: Reply) => Promise<void>) | undefined {
    if (context.activity.deliveryMode === 'expectReplies') return undefined;
    const reference = TurnContext.getConversationReference(context.activity);
    const identity = context.turnState.get(context.adapter.BotIdentityKey);
    const adapter = context.adapter as CloudAdapter;
    let sentId: string | undefined;
    return async (reply) => {
      const { message } = renderReply(reply, { userId, emulator: this.deps.emulator });
      try {
        await adapter.continueConversationAsync(identity, reference, async (proactive) => {
          if (sentId) await proactive.updateActivity({ ...(message as Partial<Activity>), id: sentId });
          else sentId = (await proactive.sendActivity(message as Partial<Activity>))?.id;
        });
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'teams: could not show the reindex progress');
      }
    };
  }

  /** Deletes expired turns at most once an hour per process (every process does it: harmless). */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const cutoff = new Date(now - this.deps.retentionDays * 86_400_000);
    const removed = await this.deps.store.pruneTurns(cutoff);
    if (removed > 0) this.deps.logger.info({ removed }, 'teams: pruned expired conversation turns');
  }

  /** Sends the reply (unless it was streamed) and links it to its answer so that the feedback buttons find it. */
  private async deliver(context: TurnContext, reply: TeamsReply): Promise<void> {
    const ids = reply.sent ?? [(await context.sendActivity(reply.message as Partial<Activity>))?.id];
    const { answerId } = reply;
    if (!answerId) return;
    for (const id of ids) if (id) await this.link(context.activity, id, answerId);
  }

  /** Links a sent message to its answer (relinking overwrites); a failure only loses feedback on it. */
  private async link(activity: Partial<Activity>, messageId: string, answerId: string): Promise<void> {
    await this.deps.store
      .linkMessage({ channel: CHANNEL, messageRef: messageRef(activity, messageId), answerId })
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'teams: could not link the reply to its answer; feedback on it is lost');
      });
  }

  private async onInvoke(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.name !== 'message/submitAction') return; // the SDK answers 501 to other invokes
    const feedback = parseFeedback(activity.value);
    if (!feedback) {
      return invokeResponse(context, 400, {
        error: {
          code: 'bad_input',
          message:
            'Expected a feedback submission: {actionName: "feedback", actionValue: {reaction: "like" | "dislike"}}.',
        },
      });
    }
    const caller = { channel: CHANNEL, user: activity.from?.aadObjectId ?? activity.from?.id };
    const failed = (reply: ErrorReply) =>
      invokeResponse(context, 500, {
        error: { code: reply.code, message: errorText(reply, { userId: caller.user ?? '' }) },
      });
    let answerId: string | null;
    try {
      answerId = activity.replyToId
        ? await this.deps.store.answerForMessage(CHANNEL, messageRef(activity, activity.replyToId))
        : null;
    } catch (error) {
      return failed(this.deps.commands.fail(error, caller));
    }
    if (!answerId) {
      this.deps.logger.warn({ replyToId: activity.replyToId }, 'teams: feedback on a message that carries no answer');
      return invokeResponse(context, 404, {
        error: {
          code: 'not_found',
          message: 'This message has no stored answer to rate (it may predate the feedback log).',
        },
      });
    }
    const refused = await this.deps.commands.feedback(
      { answerId, vote: feedback.vote, comment: feedback.comment, user: caller.user, channel: CHANNEL },
      caller,
    );
    return refused ? failed(refused) : invokeResponse(context, 200, {});
  }

  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
    // A personal chat opens with the manifest's prompt starters, and Teams asks bots that offer them
    // not to send a welcome message too; teams and group chats get the greeting.
    if (!botAdded || (activity.conversation.conversationType ?? 'personal') === 'personal') return;
    await this.deliver(context, textReply(helpText(HELP, undefined, 'Hello! I am the Partnership Advisor.')));
  }
}

/** Where a sent message is found again: the conversation without its channel-thread suffix, and the message id. */
function messageRef(activity: Partial<Activity>, messageId: string): string {
  const conversation = (activity.conversation?.id ?? '').split(';messageid=')[0];
  return `${conversation}|${messageId}`;
}

/** Card buttons (Action.Submit) send `{ command: "compare ..." }` as the message's value. */
function commandFromCard(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const command = (value as { command?: unknown }).command;
  return typeof command === 'string' && command.trim() ? command.trim() : null;
}

async function invokeResponse(context: TurnContext, status: number, body: unknown): Promise<void> {
  const value: InvokeResponse = { status, body };
  await context.sendActivity({ type: 'invokeResponse', value });
}
