import { Presets, SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import type { ApiClient } from '../api-client';
import type { Delivery, DeliveryWithAttempts, Page } from '../api-types';
import { finishedStatus, isoTime } from '../arguments';
import { type ActionFactory, argumentOf } from '../command-context';
import { ApiError, UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import { printJson, printLine } from '../format';
import { addGlobalOptions } from '../global-options';
import type { OutputStream } from '../io';
import { deliveryPath } from './delivery-views';

/** The largest page the list endpoint gives. */
const PAGE_LIMIT = 200;
/** Retries in flight at once: quick for thousands, gentle on the API and Temporal. */
const CONCURRENCY = 4;

interface ReplayOptions {
  status: string;
  since?: string;
  until?: string;
}

export interface ReplayOutcome {
  matched: number;
  started: number;
  /** Answered 409: a run of that delivery is still going, so it needs no replay. */
  skipped: number;
  failed: number;
  errors: { deliveryId: string; message: string }[];
}

/**
 * The deliveries of a subscription in `status` created within [since, until), read page by
 * page. The list is newest first, so paging stops at the first page that reaches past `since`.
 */
async function matchingDeliveries(
  api: ApiClient,
  subscriptionId: string,
  options: ReplayOptions,
): Promise<Delivery[]> {
  const sinceMs = options.since === undefined ? -Infinity : Date.parse(options.since);
  const untilMs = options.until === undefined ? Infinity : Date.parse(options.until);
  const matches: Delivery[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<DeliveryWithAttempts>>(
      `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`,
      { status: options.status, limit: PAGE_LIMIT, cursor },
    );
    for (const { attempts: _attempts, ...delivery } of page.data) {
      const createdMs = Date.parse(delivery.createdAt);
      if (createdMs >= sinceMs && createdMs < untilMs) matches.push(delivery);
    }
    const oldest = page.data.at(-1);
    if (oldest !== undefined && Date.parse(oldest.createdAt) < sinceMs) break;
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return matches;
}

/**
 * Asks for a retry of each delivery. A 409 is counted as skipped and any other API error as
 * failed; an unreachable API or an interrupt stops the replay and is thrown.
 */
async function retryEach(
  api: ApiClient,
  deliveries: Delivery[],
  onEach: () => void,
): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = {
    matched: deliveries.length,
    started: 0,
    skipped: 0,
    failed: 0,
    errors: [],
  };
  let next = 0;
  let fatal: unknown;
  const worker = async () => {
    while (fatal === undefined && next < deliveries.length) {
      const delivery = deliveries[next++]!;
      try {
        await api.post(deliveryPath(delivery.id, '/retry'));
        outcome.started += 1;
      } catch (error) {
        if (!(error instanceof ApiError)) {
          fatal = error;
          return;
        }
        if (error.status === 409) outcome.skipped += 1;
        else {
          outcome.failed += 1;
          outcome.errors.push({ deliveryId: delivery.id, message: error.message });
        }
      }
      onEach();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (fatal !== undefined) throw fatal;
  return outcome;
}

function progressBar(stderr: OutputStream): SingleBar {
  return new SingleBar(
    {
      // cli-progress only writes to its stream and moves the cursor with readline, which
      // writes escape codes; any OutputStream with write() serves
      stream: stderr as NodeJS.WritableStream,
      format: 'Replaying {bar} {value}/{total} deliveries',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
}

export function registerReplayCommand(group: Command, action: ActionFactory): void {
  addGlobalOptions(
    group
      .command('replay')
      .description('deliver again the finished deliveries of a subscription, one by one'),
  )
    .argument('<subscriptionId>', 'subscription id')
    .addOption(
      new Option('--status <status>', 'deliveries in this status')
        .argParser(finishedStatus)
        .default('failed'),
    )
    .option('--since <iso>', 'created at or after this time', isoTime)
    .option('--until <iso>', 'created before this time', isoTime)
    .action(
      action(async (ctx, command) => {
        const subscriptionId = argumentOf(command, 0);
        const options = command.opts<ReplayOptions>();
        if (options.since !== undefined && options.until !== undefined) {
          if (options.since >= options.until)
            throw new UsageError('--until must be after --since.');
        }
        const deliveries = await matchingDeliveries(ctx.api, subscriptionId, options);
        const bar = ctx.json || deliveries.length === 0 ? undefined : progressBar(ctx.io.stderr);
        bar?.start(deliveries.length, 0);
        let outcome: ReplayOutcome;
        try {
          outcome = await retryEach(ctx.api, deliveries, () => bar?.increment());
        } finally {
          bar?.stop();
        }
        if (ctx.json) printJson(ctx.io.stdout, outcome);
        else {
          const { matched, started, skipped, failed } = outcome;
          printLine(
            ctx.io.stdout,
            `${matched} ${options.status} deliveries matched: ${started} started, ${skipped} skipped (still running), ${failed} failed.`,
          );
          for (const error of outcome.errors) {
            printLine(ctx.io.stderr, `${error.deliveryId}: ${error.message}`);
          }
        }
        return outcome.failed > 0 ? ExitCode.apiError : undefined;
      }),
    );
}
