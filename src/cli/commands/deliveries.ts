import { type Command, Option } from 'commander';
import type { Delivery, DeliveryWithAttempts, Page } from '../api-types';
import { deliveryStatus, positiveInteger } from '../arguments';
import { type ActionFactory, argumentOf } from '../command-context';
import { printJson, printLine, printTable } from '../format';
import { addGlobalOptions } from '../global-options';
import { deliveryHead, deliveryPath, deliveryRow, printDelivery } from './delivery-views';
import { registerReplayCommand } from './replay';
import { registerTailCommand } from './tail';

export function registerDeliveryCommands(program: Command, action: ActionFactory): void {
  const group = program
    .command('deliveries')
    .description('deliveries of events to subscriptions, with their attempts');

  addGlobalOptions(group.command('list').description("a subscription's deliveries, newest first"))
    .argument('<subscriptionId>', 'subscription id')
    .addOption(new Option('--status <status>', 'only this status').argParser(deliveryStatus))
    .option('--limit <n>', 'how many to show (1-200, default 50)', positiveInteger)
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)')
    .action(
      action(async (ctx, command) => {
        const subscriptionId = argumentOf(command, 0);
        const query = command.opts<{ status?: string; limit?: number; cursor?: string }>();
        const page = await ctx.api.get<Page<DeliveryWithAttempts>>(
          `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`,
          query,
        );
        if (ctx.json) return printJson(ctx.io.stdout, page);
        printTable(ctx.io.stdout, deliveryHead, page.data.map(deliveryRow));
        if (page.next !== null) {
          const more = `hookline deliveries list ${subscriptionId} --cursor ${page.next}`;
          printLine(ctx.io.stderr, `More: ${more}`);
        }
      }),
    );

  addGlobalOptions(group.command('show').description('one delivery and its attempts'))
    .argument('<deliveryId>', 'delivery id')
    .action(
      action(async (ctx, command) => {
        const delivery = await ctx.api.get<DeliveryWithAttempts>(
          deliveryPath(argumentOf(command, 0)),
        );
        if (ctx.json) return printJson(ctx.io.stdout, delivery);
        printDelivery(ctx.io.stdout, delivery);
      }),
    );

  addGlobalOptions(group.command('retry').description('deliver a finished delivery again'))
    .argument('<deliveryId>', 'delivery id (failed, delivered or cancelled)')
    .action(
      action(async (ctx, command) => {
        const id = argumentOf(command, 0);
        const replayed = await ctx.api.post<Delivery>(deliveryPath(id, '/retry'));
        if (ctx.json) return printJson(ctx.io.stdout, replayed);
        printLine(
          ctx.io.stdout,
          `Delivery ${id} is ${replayed.status} again, with the same webhook-id.`,
        );
      }),
    );

  registerReplayCommand(group, action);
  registerTailCommand(group, action);
}
