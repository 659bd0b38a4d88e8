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

/**
 * One logger for the process: JSON lines in production, colored lines for a person. Errors go
 * under `error` (the style of every call site); pino serializes only `err` by itself, so without
 * the serializer an Error would be written as `{}`.
 */
export function createLogger(
  options: { level: string; format: 'json' | 'pretty' },
  destination?: pino.DestinationStream,
): Logger {
  const base = {
    level: options.level,
    base: { service: 'hookline' },
    redact: LOG_REDACTION,
    serializers: { error: pino.stdSerializers.err },
  };
  if (options.format === 'pretty') {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' },
      },
    });
  }
  return destination === undefined ? pino(base) : pino(base, destination);
}
