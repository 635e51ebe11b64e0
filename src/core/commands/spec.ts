import type { Advisor } from '../advisor.js';
import type { PartnershipModels } from '../models/types.js';
import type { ReindexProgress } from '../reindex.js';
import type { AskEvent } from '../stream/ask-stream.js';
import type { AskResult, ChannelName, Turn } from '../types.js';
import type { CommandHelp, Reply, UsageHint } from './reply.js';

/** Who runs a command and what their channel knows about them. */
export interface Caller {
  /** The channel's label ('slack', 'teams', 'web', 'cli'): stored with answers and runs. */
  readonly channel: ChannelName;
  /** The user as the channel knows them; without one there is no per-user rate limit (CLI, web without auth). */
  readonly user?: string | undefined;
  readonly isAdmin: boolean;
  /** Who a reindex is audited as (default `channel:user`). */
  readonly actor?: string | undefined;
  /** Earlier turns of the conversation, read only when a question needs them. */
  readonly history?: (() => Promise<readonly Turn[]>) | undefined;
  /** Aborted on shutdown: a reindex stops before writing. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: ReindexProgress) => void) | undefined;
  /**
   * Shows an interim reply in place of the command's working message (a reindex's progress, at most
   * every few seconds). A failure to show it is logged by the channel, never fails the command.
   */
  readonly onUpdate?: ((reply: Reply) => Promise<void>) | undefined;
  /**
   * Shows an answer while it is written (Slack, Teams personal chats, the web's event stream) and
   * returns its result. It throws when answering fails; once it has shown anything, it has also
   * shown that the answer failed, and throws a `ShownFailure` with what it showed.
   */
  readonly streamAnswer?: ((events: AsyncIterable<AskEvent>) => Promise<AskResult>) | undefined;
  /** Called once the policy has accepted the command, before the work starts (a working indicator). */
  readonly onAccepted?: (() => Promise<void>) | undefined;
}

/** What commands run on. */
export interface CommandServices {
  readonly advisor: Pick<Advisor, 'ask' | 'askStream' | 'reindex' | 'documents' | 'report'>;
  readonly models: PartnershipModels;
  /** Every command, as help lists them. */
  readonly help: readonly CommandHelp[];
}

/** The words after a command's verb: its arguments, a question after all, or what to type instead. */
export type ParsedArgs<A> = { readonly args: A } | { readonly question: true } | { readonly hint: UsageHint };

/** One command: its grammar, its place in the policy, and what it does. One file each, listed in registry.ts. */
export interface CommandSpec<Name extends string, A> {
  readonly name: Name;
  /** Other verbs that mean the same command. */
  readonly aliases: readonly string[];
  /** What follows the verb in help ("<model> vs <model> [vs ...]"); empty for none. */
  readonly args: string;
  readonly description: string;
  readonly adminOnly: boolean;
  /** Counted against the caller's per-minute limit. */
  readonly rateLimited: boolean;
  /** Parses the text after the verb (already trimmed). */
  parse(rest: string): ParsedArgs<A>;
  run(args: A, caller: Caller, services: CommandServices): Promise<Reply>;
}

/** Keeps a spec's literal name and argument type. */
export function defineCommand<Name extends string, A>(spec: CommandSpec<Name, A>): CommandSpec<Name, A> {
  return spec;
}

/** For commands that take nothing: extra words make the text a question ("models for a hospital?"). */
export function noArgs(rest: string): ParsedArgs<Record<string, never>> {
  return rest === '' ? { args: {} } : { question: true };
}
