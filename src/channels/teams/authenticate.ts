import type { Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AppError } from '../../core/errors.js';

export type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * Checks the Bot Connector's token (or, with no app id, lets the emulator through) and words the
 * refusal itself: the SDK would answer 401 with its internal text, or 500 when its keys cannot be
 * fetched. Here a bad token is 401 and unreachable signing keys are 503; the SDK's text is only logged.
 */
export async function authenticate(
  auth: ConfigurationBotFrameworkAuthentication,
  activity: Activity,
  authorization: string,
): Promise<Authenticated> {
  try {
    return await auth.authenticateRequest(activity, authorization);
  } catch (error) {
    if (keysUnavailable(error)) {
      throw new AppError(
        'auth_unavailable',
        'The Bot Framework signing keys cannot be fetched, so the activity could not be checked. Try again in a minute.',
        { cause: error },
      );
    }
    throw new AppError(
      'unauthorized',
      'The activity does not carry a valid Bot Connector token for this bot (Authorization: Bearer <token>).',
      { cause: error },
    );
  }
}

/**
 * The SDK reports a metadata or key endpoint that answered with an error as an AuthenticationError
 * with a 5xx statusCode, and one it could not reach as node-fetch's FetchError.
 */
function keysUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  return (typeof statusCode === 'number' && statusCode >= 500) || name === 'FetchError';
}
