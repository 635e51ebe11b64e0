import { RateLimitedError } from './errors.js';
import type { EventLedger } from './ports.js';

const WINDOW_SECONDS = 60;

/**
 * Per-user limit on requests, counted in PostgreSQL so it holds across replicas.
 * Throws RateLimitedError with a friendly message when the user is over the limit.
 */
export async function enforceRateLimit(
  ledger: EventLedger,
  input: { channel: string; user: string; perMinute: number },
): Promise<void> {
  const count = await ledger.hit(`rate:${input.channel}:${input.user}`, WINDOW_SECONDS);
  if (count > input.perMinute) {
    throw new RateLimitedError(
      input.perMinute,
      WINDOW_SECONDS * 1000,
      `You've asked ${input.perMinute} questions in the last minute, which is the limit. Please wait a minute and ask again.`,
    );
  }
}
