/**
 * One error type for the whole advisor. Adapters translate SDK and database errors into an
 * AppError at their edge; channels map `code` to what the user sees.
 */
export type AppErrorCode =
  | 'bad_input' // the caller sent something unusable (empty question, malformed request)
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

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  /** Extra structured facts for logs and for channels (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
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
