import type { RequestHandler } from 'express';
import { AppError } from '../core/errors.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for an address only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** `Host: example.com:3000` -> `example.com`; `[::1]:3000` -> `[::1]`. */
function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  return trimmed.startsWith('[') ? trimmed.slice(0, trimmed.indexOf(']') + 1) : (trimmed.split(':')[0] ?? '');
}

/**
 * DNS rebinding defence: a page on evil.example whose name is re-pointed at 127.0.0.1 sends
 * `Host: evil.example`. Bound to loopback, only loopback names are answered, plus ALLOWED_HOSTS;
 * bound elsewhere, ALLOWED_HOSTS (when set) bounds the names, and loopback stays for health checks.
 * Returns undefined when every Host is accepted (bound elsewhere without ALLOWED_HOSTS).
 */
export function hostGuard(options: { bindHost: string; allowedHosts: readonly string[] }): RequestHandler | undefined {
  if (!isLoopbackAddress(options.bindHost) && options.allowedHosts.length === 0) return undefined;
  const allowed = new Set([...LOOPBACK_NAMES, ...options.allowedHosts.map(hostName)]);
  return (req, _res, next) => {
    if (allowed.has(hostName(req.headers.host ?? ''))) {
      next();
      return;
    }
    next(
      new AppError(
        'forbidden',
        'This server does not answer for the host name in this request. Open it by an allowed name (http://127.0.0.1 or http://localhost when it runs on this machine), or add the name to ALLOWED_HOSTS on the server.',
      ),
    );
  };
}
