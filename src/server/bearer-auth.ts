import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../core/errors.js';
import { bearerMatches } from './bearer-token.js';

/**
 * Requires `Authorization: Bearer <token>`. Without a configured token the route is disabled (403),
 * so an install never exposes it by accident; a missing or wrong token is 401.
 */
export function requireBearer(token: string | undefined, messages: { disabled: string; wrong: string }) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!token) {
      next(new AppError('forbidden', messages.disabled));
      return;
    }
    if (!bearerMatches(req.headers.authorization, token)) {
      next(new AppError('unauthorized', messages.wrong));
      return;
    }
    next();
  };
}
