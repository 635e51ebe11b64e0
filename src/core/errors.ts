/**
 * One error type for the whole advisor. Adapters translate SDK and database errors into an
 * AppError at their edge; the command layer maps `code` to what the user reads (core/commands/
 * error-reply.ts) and each channel says it in its own way. Facts a channel needs travel in typed
 * fields of subclasses (UnknownModelError.suggestions, RateLimitedError.retryAfterMs).
 */
export type AppErrorCode =
  | 'bad_input' // the caller sent something unusable (empty question, malformed request)
  | 'too_large' // a request body over the size limit
  | 'method_not_allowed' // an HTTP method the endpoint does not take
  | 'not_found' // an id that does not exist (answer id for feedback, ...)
  | 'kb_empty' // nothing is indexed yet
  | 'kb_file_invalid' // a knowledge file could not be read (binary, not UTF-8, empty)
  | 'reindex_running' // another reindex holds the lock
  | 'reindex_failed'
  | 'sync_failed' // the knowledge repository could not be pulled (the current index keeps answering)
  | 'db_unavailable' // the database cannot be reached
  | 'db_error' // the database answered with an error
  | 'embedder_unavailable'
  | 'llm_unavailable'
  | 'forbidden' // admin-only action by a non-admin
  | 'unauthorized' // missing or wrong credentials
  | 'rate_limited'
  | 'overloaded' // too many questions waiting on this server: try again shortly
  | 'config_invalid'
  | 'unknown_model' // compare/recommend: a partnership model name that is not in the catalog
  | 'internal';

/**
 * Something a user can do about an error, named by the core and spelled out by each channel
 * ("an admin must reindex": `/advisor reindex` in Slack, `reindex` in Teams, the CLI command).
 */
export type Remedy = 'reindex';

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: AppErrorCode;
  readonly remedy: Remedy | undefined;

  constructor(code: AppErrorCode, message: string, options: { cause?: unknown; remedy?: Remedy } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.remedy = options.remedy;
  }
}

/** A partnership model name that is not in the catalog, with the names it may have meant. */
export class UnknownModelError extends AppError {
  override readonly name = 'UnknownModelError';
  constructor(
    /** The name as the user typed it (trimmed). */
    readonly unknownName: string,
    /** Up to three catalog model names close to it, closest first. */
    readonly suggestions: readonly string[],
    message: string,
  ) {
    super('unknown_model', message);
  }
}

/** A user over their per-minute limit. */
export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly limit: number,
    readonly retryAfterMs: number,
    message: string,
  ) {
    super('rate_limited', message);
  }
}

/** The environment failed validation; every problem, each with how to fix it. */
export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: readonly string[],
    message: string,
  ) {
    super('config_invalid', message);
  }
}

export function isAppError(value: unknown, code?: AppErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}

/** The one normaliser for unknown errors: anything that is not an AppError becomes `internal`. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AppError('internal', `Unexpected error: ${message}`, { cause: value });
}
