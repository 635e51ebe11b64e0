import { AppError } from './errors.js';
import type { EventLedger } from './ports.js';

/**
 * Per-user limit on questions, counted in PostgreSQL so it holds across replicas.
 * Throws AppError('rate_limited') with a friendly message when the user is over the limit.
 */
export async function enforceRateLimit(
  ledger: EventLedger,
  input: { channel: string; user: string; perMinute: number },
): Promise<void> {
  const count = await ledger.hit(`rate:${input.channel}:${input.user}`, 60);
  if (count > input.perMinute) {
    throw new AppError(
      'rate_limited',
      `You've asked ${input.perMinute} questions in the last minute, which is the limit. Please wait a minute and ask again.`,
      { details: { limit: input.perMinute } },
    );
  }
}
