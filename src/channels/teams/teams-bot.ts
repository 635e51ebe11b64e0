import { randomUUID } from 'node:crypto';
import { type Activity, type CloudAdapter, type InvokeResponse, TurnContext } from 'botbuilder';
import type { Advisor } from '../../core/advisor.js';
import { toAppError } from '../../core/errors.js';
import type { PartnershipModels } from '../../core/models/types.js';
import type { ConversationLog, EventLedger, Logger, MessageLinks } from '../../core/ports.js';
import { enforceRateLimit } from '../../core/rate-limit.js';
import { parseCommand, type TeamsCommand } from './commands.js';
import { parseFeedback } from './feedback.js';
import { isBotMentioned, questionText } from './mentions.js';
import { type Reply, textReply } from './outgoing.js';
import { runCommand } from './run-command.js';
import { errorText, helpText } from './user-messages.js';

export interface TeamsBotDeps {
  readonly advisor: Advisor;
  readonly models: PartnershipModels;
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
  /** Questions per user per minute (counted in PostgreSQL across replicas). */
  readonly ratePerMinute: number;
  /** Earlier turns passed to the advisor (default 6). */
  readonly historyTurns?: number;
  /**
   * How long to answer within the HTTP request before finishing it and replying proactively
   * (default 10 s: Teams retries a delivery it has no response for after 15 s).
   */
  readonly replyBudgetMs?: number;
  readonly now?: () => number;
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
    const text = submitted ?? questionText(activity);
    const command: TeamsCommand = text ? parseCommand(text) : { kind: 'help' };
    const started = this.now();
    const work = this.produce(context, command);
    const typing = () =>
      context.sendActivity({ type: 'typing' }).then(
        () => {},
        (error: unknown) => this.deps.logger.warn({ err: error }, 'teams: could not send the typing indicator'),
      );
    await typing();

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
    const keepTyping = setInterval(() => void typing(), TYPING_EVERY_MS);
    const inTime = await Promise.race([work, late]);
    clearTimeout(timer);
    clearInterval(keepTyping);
    if (inTime) {
      await this.deliver(context, inTime);
      this.log(command, scope, started, 'in turn');
      return;
    }
    // Too slow for Teams' 15-second window: end the request now (so Teams does not retry) and reply later.
    const reference = TurnContext.getConversationReference(activity);
    const identity = context.turnState.get(context.adapter.BotIdentityKey);
    const adapter = context.adapter as CloudAdapter;
    this.deps.runInBackground(async () => {
      const reply = await work;
      await adapter.continueConversationAsync(identity, reference, (proactive) => this.deliver(proactive, reply));
      this.log(command, scope, started, 'proactively');
    });
  }

  private log(command: TeamsCommand, scope: string, started: number, how: string): void {
    this.deps.logger.info({ command: command.kind, scope, ms: this.now() - started }, `teams: replied ${how}`);
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

  private async produce(context: TurnContext, command: TeamsCommand): Promise<Reply> {
    const { activity } = context;
    const userId = activity.from?.aadObjectId ?? activity.from?.id ?? '';
    const conversationKey = `teams:${activity.conversation.id}`;
    const reference = randomUUID();
    const reply = await runCommand(command, {
      advisor: this.deps.advisor,
      models: this.deps.models,
      logger: this.deps.logger,
      userId,
      isAdmin:
        !this.deps.emulator &&
        !!activity.from?.aadObjectId &&
        this.deps.adminAadIds.includes(activity.from.aadObjectId),
      emulator: this.deps.emulator,
      reference,
      shutdownSignal: this.deps.shutdownSignal,
      rateLimit: () =>
        enforceRateLimit(this.deps.store, { channel: CHANNEL, user: userId, perMinute: this.deps.ratePerMinute }),
      history: async () => {
        await this.pruneNowAndThen();
        return this.deps.store.recentTurns(conversationKey, this.deps.historyTurns ?? 6);
      },
    });
    if (reply.turn) {
      await this.deps.store.appendTurn(conversationKey, reply.turn).catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'teams: could not save the turn; the next follow-up will lack it');
      });
    }
    return reply;
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

  /** Sends the reply and links it to its answer so that the feedback buttons find it. */
  private async deliver(context: TurnContext, reply: Reply): Promise<void> {
    const sent = await context.sendActivity(reply.message as Partial<Activity>);
    if (reply.answerId && sent?.id) {
      await this.deps.store
        .linkMessage({ channel: CHANNEL, messageRef: messageRef(context.activity, sent.id), answerId: reply.answerId })
        .catch((error: unknown) => {
          this.deps.logger.warn(
            { err: error },
            'teams: could not link the reply to its answer; feedback on it is lost',
          );
        });
    }
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
    try {
      const answerId = activity.replyToId
        ? await this.deps.store.answerForMessage(CHANNEL, messageRef(activity, activity.replyToId))
        : null;
      if (!answerId) {
        this.deps.logger.warn({ replyToId: activity.replyToId }, 'teams: feedback on a message that carries no answer');
        return invokeResponse(context, 404, {
          error: {
            code: 'not_found',
            message: 'This message has no stored answer to rate (it may predate the feedback log).',
          },
        });
      }
      await this.deps.advisor.feedback({
        answerId,
        vote: feedback.vote,
        comment: feedback.comment,
        user: activity.from?.aadObjectId ?? activity.from?.id,
        channel: CHANNEL,
      });
      return invokeResponse(context, 200, {});
    } catch (error) {
      const e = toAppError(error);
      const reference = randomUUID();
      this.deps.logger.error({ err: error, code: e.code, reference }, 'teams: could not store feedback');
      return invokeResponse(context, 500, { error: { code: e.code, message: errorText(e, reference) } });
    }
  }

  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
    if (!botAdded) return;
    await this.deliver(context, textReply(helpText('Hello! I am the Partnership Advisor.')));
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
