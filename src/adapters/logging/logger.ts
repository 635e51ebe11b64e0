import { pino } from 'pino';
import type { Logger } from '../../core/ports.js';

/** Paths pino removes from every log line: secrets must never be logged. */
export const REDACT_PATHS = [
  'token',
  'apiKey',
  'password',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.token',
  '*.apiKey',
  '*.password',
];

/** Structured JSON logs. The CLI logs to stderr so stdout stays the command's own output. */
export function createLogger(options: {
  level: string;
  destination?: 'stdout' | 'stderr';
  name?: string;
}): Logger & pino.Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'partnership-advisor',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
    },
    pino.destination({ fd: options.destination === 'stderr' ? 2 : 1, sync: true }),
  );
}
