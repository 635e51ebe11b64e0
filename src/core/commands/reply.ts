/**
 * What the command layer answers, whatever the channel: a neutral union that each channel renders
 * with one renderer per kind, in an exhaustive switch (a kind a channel forgets does not compile).
 */
import type { AppErrorCode, Remedy } from '../errors.js';
import type { ComparisonResult, ModelsResult, RecommendResult } from '../models/types.js';
import type { ReindexResult } from '../reindex.js';
import type { KnowledgeReport } from '../report/types.js';
import type { AskResult, SourceDocument } from '../types.js';

export type { Remedy } from '../errors.js';
export type { ReindexProgress, ReindexResult } from '../reindex.js';
export type { KnowledgeGap, KnowledgeReport } from '../report/types.js';
export type { AnswerCoverage, AnswerSuggestion, SourceDocument } from '../types.js';

/** A command as help lists it. `usage` is what follows the channel's own prefix (`/advisor `, none in Teams). */
export interface CommandHelp {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
  readonly adminOnly: boolean;
}

/** What to type instead: a sentence, then a command text (without any channel prefix). */
export interface UsageHint {
  readonly text: string;
  readonly example: string;
}

/** A name in an "unknown model" reply: the model, and the command text that retries with it. */
export interface ModelSuggestion {
  readonly name: string;
  /** The same command with the unknown name replaced (null when the command cannot be retried as text). */
  readonly retry: string | null;
}

/**
 * How an error is said: `user` errors are the user's to fix and shown as written (logged at info);
 * `service` means a dependency is down and `internal` a fault of ours (both logged as errors, shown
 * without internals; `internal` with a reference for the administrators).
 */
export type ErrorSeverity = 'user' | 'service' | 'internal';

export interface ErrorReply {
  readonly kind: 'error';
  readonly code: AppErrorCode;
  /** Safe to show: written for users, never an SDK or database message. */
  readonly message: string;
  readonly severity: ErrorSeverity;
  /** What fixes it, for the channel to say how (`/advisor reindex`, the CLI command, ...). */
  readonly remedy: Remedy | undefined;
  /** Id of the log line, for the administrators. */
  readonly reference: string;
  /** Over a rate limit: when to try again. */
  readonly retryAfterMs?: number | undefined;
}

export type Reply =
  | { readonly kind: 'answer'; readonly result: AskResult }
  | { readonly kind: 'comparison'; readonly result: ComparisonResult }
  | { readonly kind: 'models'; readonly result: ModelsResult }
  | { readonly kind: 'recommendation'; readonly result: RecommendResult }
  | { readonly kind: 'reindexReport'; readonly result: ReindexResult }
  /** How far a running reindex has come: shown in place of the working message, then replaced by the report. */
  | { readonly kind: 'reindexProgress'; readonly done: number; readonly total: number }
  /** The knowledge-gap report (admins). */
  | { readonly kind: 'report'; readonly result: KnowledgeReport }
  | { readonly kind: 'sources'; readonly documents: readonly SourceDocument[] }
  /** The command list; with a hint when the user's text needs fixing (a missing argument, a typo). */
  | { readonly kind: 'help'; readonly commands: readonly CommandHelp[]; readonly hint?: UsageHint | undefined }
  /** A short neutral message (a refusal, a confirmation). */
  | { readonly kind: 'notice'; readonly text: string }
  | {
      readonly kind: 'unknownModel';
      readonly name: string;
      readonly suggestions: readonly ModelSuggestion[];
      readonly message: string;
    }
  | ErrorReply;

export type ReplyKind = Reply['kind'];

/** The default branch of an exhaustive switch: a new reply kind makes every unfinished switch fail to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled reply: ${JSON.stringify(value)}`);
}
