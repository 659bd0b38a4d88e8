import type { Command } from 'commander';
import type { ChangedDeliveries, Delivery } from '../api-types';
import { isoTime, positiveInteger } from '../arguments';
import type { ActionFactory } from '../command-context';
import { InterruptedError } from '../errors';
import { cell } from '../format';
import { addGlobalOptions } from '../global-options';
import { sleep } from '../sleep';

/** Changes asked for per poll; a full page is followed at once by the next poll. */
const POLL_LIMIT = 100;

interface TailOptions {
  since?: string;
  interval: number;
  count?: number;
  duration?: number;
}

/** One change on one line, in fixed columns so a terminal reads it as a table. */
export function tailLine(d: Delivery): string {
  const attempts = `${d.attemptCount} attempt${d.attemptCount === 1 ? '' : 's'}`;
  return [
    d.updatedAt,
    d.id,
    d.subscriptionId,
    d.eventType.padEnd(23),
    d.status.padEnd(9),
    attempts.padEnd(11),
    cell(d.lastError, 80),
  ]
    .join('  ')
    .trimEnd();
}

export function registerTailCommand(group: Command, action: ActionFactory): void {
  addGlobalOptions(
    group.command('tail').description('print each delivery change as it happens, until Ctrl-C'),
  )
    .option('--since <iso>', 'begin with the changes after this time (default: now)', isoTime)
    .option('--interval <ms>', 'time between polls', positiveInteger, 1000)
    .option('--count <n>', 'stop after this many lines', positiveInteger)
    .option('--duration <ms>', 'stop after this long', positiveInteger)
    .action(
      action(async (ctx, command) => {
        const options = command.opts<TailOptions>();
        const deadline = options.duration === undefined ? Infinity : Date.now() + options.duration;
        const done = () => ctx.io.signal?.aborted === true || Date.now() >= deadline;
        // The first poll begins at a time; each later one goes on from the answer before.
        let position: { since: string } | { cursor: string } = {
          since: options.since ?? new Date().toISOString(),
        };
        let printed = 0;
        try {
          while (!done()) {
            const changes: ChangedDeliveries = await ctx.api.get<ChangedDeliveries>(
              '/v1/deliveries',
              {
                ...position,
                limit: POLL_LIMIT,
              },
            );
            for (const delivery of changes.data) {
              const line = ctx.json ? JSON.stringify(delivery) : tailLine(delivery);
              ctx.io.stdout.write(`${line}\n`);
              printed += 1;
              if (printed === options.count) return;
            }
            position = { cursor: changes.next };
            if (changes.data.length < POLL_LIMIT) {
              const waitMs = Math.max(0, Math.min(options.interval, deadline - Date.now()));
              await sleep(waitMs, ctx.io.signal);
            }
          }
        } catch (error) {
          // Ctrl-C during a poll ends the tail like Ctrl-C between polls: a normal stop
          if (!(error instanceof InterruptedError)) throw error;
        }
      }),
    );
}
