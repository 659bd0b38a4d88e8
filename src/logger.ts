import pino, { type Logger } from 'pino';

export type { Logger };

/** One logger for the process: JSON lines in production, colored lines for a person. */
export function createLogger(options: { level: string; format: 'json' | 'pretty' }): Logger {
  const base = { level: options.level, base: { service: 'hookline' } };
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
