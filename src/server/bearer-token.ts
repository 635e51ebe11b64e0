import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../core/errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** True when `Authorization: Bearer <token>` carries `expected` (compared in constant time). */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  // Comparing digests keeps the comparison constant-time whatever the token lengths.
  return Boolean(match?.[1] && timingSafeEqual(digest(match[1].trim()), digest(expected)));
}

/** Requires the bearer token when one is configured (401 otherwise); passes everything when it is not. */
export function optionalBearerToken(token: string | undefined, variable: string): RequestHandler {
  return (req, _res, next) => {
    if (!token || bearerMatches(req.headers.authorization, token)) next();
    else next(new AppError('unauthorized', `Missing or wrong token. Send Authorization: Bearer <${variable}>.`));
  };
}
