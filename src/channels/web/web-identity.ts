import type { RequestHandler, Response } from 'express';
import { AppError } from '../../core/errors.js';
import { bearerMatches } from '../../server/bearer-token.js';

export interface WebIdentityOptions {
  /** `proxy`: a trusted proxy names the user in `userHeader` (lower case); requests without it are refused. */
  readonly auth: 'none' | 'proxy';
  readonly userHeader: string;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
}

/** Longer values are not a user name a proxy would send: refused rather than truncated. */
const MAX_USER_CHARS = 320;

/**
 * Who is asking on the web API. With `WEB_AUTH=proxy` the proxy's header names the user; with
 * `WEB_TOKEN` the caller must hold the token (and may still name a user in the same header, as a
 * portal's backend would). The user, when known, is stored with answers and feedback and gets the
 * per-user rate limit; `webUser(res)` reads it.
 */
export function webIdentity(options: WebIdentityOptions): RequestHandler {
  return (req, res, next) => {
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      next(new AppError('unauthorized', 'This advisor needs an access token: send Authorization: Bearer <WEB_TOKEN>.'));
      return;
    }
    const raw = req.headers[options.userHeader];
    const user = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (user && (user.length > MAX_USER_CHARS || /\p{Cc}/u.test(user))) {
      next(new AppError('bad_input', `The ${options.userHeader} header is not a valid user name.`));
      return;
    }
    if (options.auth === 'proxy' && !user) {
      next(
        new AppError(
          'unauthorized',
          'Sign in first: this advisor is served behind a sign-in proxy, and the request did not come through it.',
        ),
      );
      return;
    }
    res.locals.webUser = user || undefined;
    next();
  };
}

/** The user `webIdentity` found, if any. */
export function webUser(res: Response): string | undefined {
  return typeof res.locals.webUser === 'string' ? res.locals.webUser : undefined;
}
