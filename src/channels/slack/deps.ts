import type { CommandDispatcher } from '../../core/commands/index.js';
import type { EventLedger, Logger } from '../../core/ports.js';
import type { StreamingRefusals } from './stream-answer.js';

/** Work that outlives the 3-second acknowledgement; the server drains it on shutdown. */
export interface BackgroundTasks {
  run(fn: () => Promise<unknown>, onError: (error: unknown) => void): void;
}

export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly socketMode: boolean;
  /** Web API base URL override (tests: a fake on 127.0.0.1), with or without the trailing /api/. */
  readonly apiUrl: string | undefined;
  readonly adminUserIds: readonly string[];
}

/** What every Slack listener needs: the command layer, the dedup ledger, and where to run slow work. */
export interface SlackDeps {
  readonly commands: CommandDispatcher;
  readonly ledger: EventLedger;
  readonly logger: Logger;
  readonly tasks: BackgroundTasks;
  readonly settings: SlackSettings;
  /** Aborted on shutdown: a reindex started from Slack stops before writing. */
  readonly shutdownSignal?: AbortSignal | undefined;
  /** How often a streamed answer is appended to (default 250 ms) or, when streaming is refused, updated. */
  readonly pacing?: { readonly appendEveryMs?: number; readonly updateEveryMs?: number } | undefined;
  /** Channels where Slack refused to stream (one per Slack channel of this server). */
  readonly streamingRefusals?: StreamingRefusals | undefined;
}

/** The command layer's view of a Slack user. */
export function slackCaller(deps: SlackDeps, user: string) {
  return {
    channel: 'slack',
    user,
    isAdmin: deps.settings.adminUserIds.includes(user),
    actor: `slack:${user}`,
    signal: deps.shutdownSignal,
  } as const;
}
