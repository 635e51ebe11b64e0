import { AppError } from '../../core/errors.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)))
    return true;
  const text = typeof message === 'string' ? message : '';
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return /Connection terminated|connection timeout|Query read timeout|Client has encountered a connection error|PGlite is closed|closed database|Cannot use a pool after calling end/i.test(
    text,
  );
}

/** Translates a driver error at the store's edge; the core only ever sees AppError. */
export function toDbError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) {
    return new AppError(
      'db_unavailable',
      `The database is temporarily unavailable (${what}). Try again in a minute; the advisor reconnects by itself. If it persists, check DATABASE_URL and that the database server is running.`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('db_error', `Database error while ${what}: ${message}`, { cause: error });
}

/** Wraps every method call of `target` so that driver errors become AppErrors. */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toDbError(error, what);
  }
}
