import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

/** Bolt logs through the advisor's logger (pino), so its lines carry the same format and level. */
export function boltLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  const errorOf = (msg: unknown[]) => msg.find((m): m is Error => m instanceof Error);
  return {
    debug: (...msg) => logger.debug({ component: 'bolt' }, line(msg)),
    info: (...msg) => logger.info({ component: 'bolt' }, line(msg)),
    warn: (...msg) => logger.warn({ component: 'bolt' }, line(msg)),
    error: (...msg) => logger.error({ component: 'bolt', err: errorOf(msg) }, line(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
