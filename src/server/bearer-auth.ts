import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../core/errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Requires `Authorization: Bearer <token>`. Without a configured token the route is disabled (403),
 * so an install never exposes it by accident; a missing or wrong token is 401.
 */
export function requireBearer(token: string | undefined, messages: { disabled: string; wrong: string }) {
  const expected = token ? digest(token) : null;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!expected) {
      next(new AppError('forbidden', messages.disabled));
      return;
    }
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    // Comparing digests keeps the comparison constant-time whatever the token lengths.
    if (!match?.[1] || !timingSafeEqual(digest(match[1].trim()), expected)) {
      next(new AppError('unauthorized', messages.wrong));
      return;
    }
    next();
  };
}
