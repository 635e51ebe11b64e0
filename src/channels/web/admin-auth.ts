import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../core/errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Admin endpoints need `Authorization: Bearer $ADMIN_TOKEN`. Without a configured token they are
 * disabled (403), so an install never exposes reindexing by accident.
 */
export function requireAdmin(adminToken: string | undefined) {
  const expected = adminToken ? digest(adminToken) : null;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!expected) {
      next(new AppError('forbidden', 'Admin endpoints are disabled: set ADMIN_TOKEN on the server to enable them.'));
      return;
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Comparing digests keeps the comparison constant-time whatever the token lengths.
    if (!match?.[1] || !timingSafeEqual(digest(match[1].trim()), expected)) {
      next(new AppError('unauthorized', 'Missing or wrong admin token. Send Authorization: Bearer <ADMIN_TOKEN>.'));
      return;
    }
    next();
  };
}
