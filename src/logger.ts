import pino, { type Logger } from 'pino';

export type { Logger };

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
