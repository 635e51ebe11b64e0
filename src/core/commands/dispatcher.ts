import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../errors.js';
import type { PartnershipModels } from '../models/types.js';
import type { EventLedger, Logger } from '../ports.js';
import { enforceRateLimit } from '../rate-limit.js';
import type { FeedbackInput } from '../types.js';
import { errorReply } from './error-reply.js';
import { parseCommandText } from './parse.js';
import { type Command, commandSpec, HELP } from './registry.js';
import type { ErrorReply, Reply } from './reply.js';
import { ShownFailure } from './shown-failure.js';
import type { Caller, CommandServices } from './spec.js';

export interface DispatcherDeps {
  readonly advisor: CommandServices['advisor'] & { feedback(input: FeedbackInput): Promise<void> };
  readonly models: PartnershipModels;
  /** Where rate-limit hits are counted (PostgreSQL: the limit holds across replicas). */
  readonly ledger: EventLedger;
  readonly logger: Logger;
  /** Requests per user per minute on every channel that names its user. */
  readonly ratePerMinute: number;
}

/**
 * The one way every channel runs a command, under one policy: admin-only commands refused to
 * others, per-user rate limits, input limits (in the core calls), and errors turned into replies
 * that say what to do. Never throws.
 */
export class CommandDispatcher {
  private readonly services: CommandServices;

  constructor(private readonly deps: DispatcherDeps) {
    this.services = { advisor: deps.advisor, models: deps.models, help: HELP };
  }

  /** Text channels: parse, then run. */
  async runText(text: string, caller: Caller): Promise<Reply> {
    const parsed = parseCommandText(text);
    return 'reply' in parsed ? parsed.reply : this.run(parsed.command, caller);
  }

  /** The refusal a caller gets for a command they may not run, or null: checkable before any work starts. */
  refusal(command: Command, caller: Caller): ErrorReply | null {
    if (!commandSpec(command.name).adminOnly || caller.isAdmin) return null;
    return this.fail(
      new AppError('forbidden', `Only the advisor's administrators can use "${command.name}".`),
      caller,
      command,
    );
  }

  async run(command: Command, caller: Caller): Promise<Reply> {
    const refused = this.refusal(command, caller);
    if (refused) return refused;
    const spec = commandSpec(command.name);
    try {
      if (spec.rateLimited && caller.user !== undefined) {
        await enforceRateLimit(this.deps.ledger, {
          channel: caller.channel,
          user: caller.user,
          perMinute: this.deps.ratePerMinute,
        });
      }
      await caller.onAccepted?.();
      return await spec.run(command.args, caller, this.services);
    } catch (error) {
      // Already logged and shown by the channel (a streamed answer that failed half-way).
      if (error instanceof ShownFailure) return error.reply;
      return this.fail(error, caller, command);
    }
  }

  /** Stores a vote; null when stored, the error reply otherwise. */
  async feedback(input: FeedbackInput, caller: Pick<Caller, 'channel' | 'user'>): Promise<ErrorReply | null> {
    try {
      await this.deps.advisor.feedback(input);
      return null;
    } catch (error) {
      return this.fail(error, caller);
    }
  }

  /** Logs an error once (users' errors at info, the rest with their cause) and says it to the user. */
  fail(error: unknown, caller: Pick<Caller, 'channel' | 'user'>, command?: Pick<Command, 'name'>): ErrorReply {
    const reply = errorReply(error, randomUUID());
    const context = { channel: caller.channel, user: caller.user, command: command?.name, code: reply.code };
    if (reply.severity === 'user') this.deps.logger.info({ ...context }, toAppError(error).message);
    else this.deps.logger.error({ ...context, err: error, reference: reply.reference }, 'command failed');
    return reply;
  }
}
