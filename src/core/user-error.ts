import { type AppError, toAppError } from './errors.js';

/**
 * What a person (or an agent) reads when something fails, the same in every channel. Problems with
 * the request say what to change; failures on our side never show internals.
 */
export interface UserFacingError {
  readonly error: AppError;
  readonly message: string;
  /** 'info' when the request was the problem; 'error' when a service or the advisor failed. */
  readonly severity: 'info' | 'error';
}

export const SERVICE_UNAVAILABLE_MESSAGE =
  "The advisor cannot reach one of its services right now. Please try again in a minute; if it keeps failing, tell the advisor's administrators.";
export const INTERNAL_ERROR_MESSAGE =
  "Something went wrong on our side while answering. Please try again; if it keeps failing, tell the advisor's administrators.";

export function userFacingError(value: unknown): UserFacingError {
  const error = toAppError(value);
  switch (error.code) {
    case 'bad_input':
    case 'not_found':
    case 'unknown_model':
    case 'rate_limited':
    case 'overloaded':
    case 'kb_empty':
    case 'reindex_running':
    case 'reindex_failed':
    case 'forbidden':
      return { error, message: error.message, severity: 'info' };
    case 'db_unavailable':
    case 'db_error':
    case 'embedder_unavailable':
    case 'llm_unavailable':
      return { error, message: SERVICE_UNAVAILABLE_MESSAGE, severity: 'error' };
    default:
      return { error, message: INTERNAL_ERROR_MESSAGE, severity: 'error' };
  }
}
