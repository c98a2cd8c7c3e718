/**
 * The process logger: JSON lines for log collectors, readable lines on a terminal.
 * Readable lines are formatted by pino-pretty on a worker thread (pino's transport),
 * never on the event loop that answers requests.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, isTTY: boolean): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTTY);
  if (!pretty) return pino({ level: config.logLevel });
  return pino({
    level: config.logLevel,
    transport: {
      target: 'pino-pretty',
      options: { colorize: isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    },
  });
}

/** The first-start admin token as a block a person notices, for stdout (never the log). */
export function adminTokenBlock(token: string): string {
  const rule = '='.repeat(72);
  return [
    '',
    rule,
    'Switchyard created an admin API token (shown once, store it now):',
    '',
    `    ${token}`,
    '',
    'Send it as "Authorization: Bearer <token>". It is not logged and cannot be shown again;',
    'if it is lost, start with SWITCHYARD_ADMIN_TOKEN set to create a bootstrap token.',
    rule,
    '',
  ].join('\n');
}
