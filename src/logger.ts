import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Fields that hold secrets, censored wherever a log call passes them by mistake (at the top
 * or one level down). A second line of defence: log calls name ids, never secrets.
 */
export const LOG_REDACTION = {
  paths: ['secret', 'previousSecret', 'previous_secret', 'authorization', 'codecToken'].flatMap(
    (key) => [key, `*.${key}`],
  ),
  censor: '[redacted]',
};

/** One logger for the process: JSON lines in production, colored lines for a person. */
export function createLogger(options: { level: string; format: 'json' | 'pretty' }): Logger {
  const base = { level: options.level, base: { service: 'hookline' }, redact: LOG_REDACTION };
  if (options.format === 'pretty') {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' },
      },
    });
  }
  return pino(base);
}
