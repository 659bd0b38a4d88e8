import { type Command, Option } from 'commander';
import type {
  Page,
  ResumedSubscription,
  RotatedSubscription,
  Subscription,
  SubscriptionWithSecret,
  TestEventAnswer,
} from '../api-types';
import {
  eventType,
  eventTypeList,
  jsonObject,
  limitOrNone,
  ordering,
  positiveInteger,
} from '../arguments';
import { type ActionFactory, argumentOf, type CommandContext } from '../command-context';
import { cellList, printFields, printJson, printLine, printTable } from '../format';
import { addGlobalOptions } from '../global-options';

const path = (id: string, action = '') => `/v1/subscriptions/${encodeURIComponent(id)}${action}`;

function subscriptionFields(subscription: Subscription): [string, string | number | null][] {
  return [
    ['id', subscription.id],
    ['url', subscription.url],
    ['status', subscription.status],
    ['status reason', subscription.statusReason],
    ['event types', cellList(subscription.eventTypes)],
    ['shop', subscription.shopId],
    ['app', subscription.appId],
    ['description', subscription.description],
    ['timeout (ms)', subscription.timeoutMs],
    ['retry horizon (ms)', subscription.retryHorizonMs],
    ['filter', subscription.filter === null ? null : JSON.stringify(subscription.filter)],
    ['ordering', subscription.ordering],
    ['rate limit (/s)', subscription.rateLimitPerSecond],
    ['max in flight', subscription.maxInFlight],
    ['throttled until', subscription.throttledUntil],
    ['created', subscription.createdAt],
    ['updated', subscription.updatedAt],
  ];
}

interface DeliveryOptions {
  ordering?: 'order' | 'none';
  rateLimit?: number | 'none';
  maxInFlight?: number | 'none';
}

const limitField = (value: number | 'none' | undefined) => (value === 'none' ? null : value);

/** The options of ordering and throttling, shared by create and update. */
function addDeliveryOptions(command: Command): Command {
  return command
    .option(
      '--ordering <order|none>',
      'order: the changes of one order go out one by one',
      ordering,
    )
    .option('--rate-limit <n|none>', 'at most n attempts per second, across workers', limitOrNone)
    .option('--max-in-flight <n|none>', 'at most n attempts at once, across workers', limitOrNone);
}

function deliveryFields(options: DeliveryOptions) {
  return {
    ordering: options.ordering,
    rateLimitPerSecond: limitField(options.rateLimit),
    maxInFlight: limitField(options.maxInFlight),
  };
}

/** Prints a changed subscription: its JSON, or one sentence. */
function printChanged(ctx: CommandContext, answer: unknown, sentence: string): void {
  if (ctx.json) printJson(ctx.io.stdout, answer);
  else printLine(ctx.io.stdout, sentence);
}

function printNextPage(ctx: CommandContext, next: string | null, commandLine: string): void {
  if (next !== null) printLine(ctx.io.stderr, `More: ${commandLine} --cursor ${next}`);
}

export function registerSubscriptionCommands(program: Command, action: ActionFactory): void {
  const group = program.command('subscriptions').description('webhook subscriptions of apps');

  addGlobalOptions(group.command('list').description('list subscriptions, oldest first'))
    .option('--limit <n>', 'how many to show (1-200, default 50)', positiveInteger)
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)')
    .action(
      action(async (ctx, command) => {
        const { limit, cursor } = command.opts<{ limit?: number; cursor?: string }>();
        const page = await ctx.api.get<Page<Subscription>>('/v1/subscriptions', { limit, cursor });
        if (ctx.json) return printJson(ctx.io.stdout, page);
        printTable(
          ctx.io.stdout,
          ['ID', 'STATUS', 'URL', 'EVENT TYPES', 'SHOP', 'APP'],
          page.data.map((s) => [
            s.id,
            s.status,
            s.url,
            cellList(s.eventTypes),
            s.shopId ?? 'all',
            s.appId,
          ]),
        );
        printNextPage(ctx, page.next, 'hookline subscriptions list');
      }),
    );

  addGlobalOptions(group.command('show').description('show one subscription'))
    .argument('<id>', 'subscription id')
    .action(
      action(async (ctx, command) => {
        const subscription = await ctx.api.get<Subscription>(path(argumentOf(command, 0)));
        if (ctx.json) return printJson(ctx.io.stdout, subscription);
        printFields(ctx.io.stdout, subscriptionFields(subscription));
      }),
    );

  addDeliveryOptions(
    addGlobalOptions(group.command('create').description('subscribe a URL to event types'), [
      'url',
    ]),
  )
    .requiredOption('--url <url>', "the subscriber's endpoint (https, or an allowed host)")
    .requiredOption('--event-types <types>', 'comma-separated event types', eventTypeList)
    .option('--shop <id>', 'only events of this shop (default: every shop)')
    .option('--app <id>', 'the app behind it; its own incoming changes are not echoed back')
    .option('--description <text>', 'a note for operators')
    .option('--filter <json>', 'only events whose data match this filter expression', jsonObject)
    .addHelpText(
      'after',
      '\nGive the API URL before the command here: hookline --url <api> subscriptions create ...',
    )
    .action(
      action(async (ctx, command) => {
        const options = command.opts<
          DeliveryOptions & {
            url: string;
            eventTypes: string[];
            shop?: string;
            app?: string;
            description?: string;
            filter?: Record<string, unknown>;
          }
        >();
        const created = await ctx.api.post<SubscriptionWithSecret>('/v1/subscriptions', {
          url: options.url,
          eventTypes: options.eventTypes,
          shopId: options.shop,
          appId: options.app,
          description: options.description,
          filter: options.filter,
          ...deliveryFields(options),
        });
        if (ctx.json) return printJson(ctx.io.stdout, created);
        printFields(ctx.io.stdout, [...subscriptionFields(created), ['secret', created.secret]]);
        printLine(
          ctx.io.stdout,
          'The secret is shown only now: the subscriber verifies webhook-signature with it.',
        );
      }),
    );

  addDeliveryOptions(
    addGlobalOptions(group.command('update').description('change ordering and throttling')),
  )
    .argument('<id>', 'subscription id')
    .option('--description <text>', 'a note for operators')
    .action(
      action(async (ctx, command) => {
        const options = command.opts<DeliveryOptions & { description?: string }>();
        const body = { description: options.description, ...deliveryFields(options) };
        const id = argumentOf(command, 0);
        const updated = await ctx.api.request<Subscription>('PATCH', path(id), { body });
        if (ctx.json) return printJson(ctx.io.stdout, updated);
        printFields(ctx.io.stdout, subscriptionFields(updated));
      }),
    );

  addGlobalOptions(group.command('pause').description('hold deliveries until resumed'))
    .argument('<id>', 'subscription id')
    .action(
      action(async (ctx, command) => {
        const id = argumentOf(command, 0);
        const paused = await ctx.api.post<Subscription>(path(id, '/pause'));
        printChanged(ctx, paused, `Subscription ${id} is ${paused.status}; deliveries wait.`);
      }),
    );

  addGlobalOptions(group.command('resume').description('release held deliveries'))
    .argument('<id>', 'subscription id')
    .action(
      action(async (ctx, command) => {
        const id = argumentOf(command, 0);
        const resumed = await ctx.api.post<ResumedSubscription>(path(id, '/resume'));
        const sentence = `Subscription ${id} is ${resumed.status}; ${resumed.released} held deliveries released.`;
        printChanged(ctx, resumed, sentence);
      }),
    );

  addGlobalOptions(
    group.command('delete').description('remove a subscription and cancel its open deliveries'),
  )
    .argument('<id>', 'subscription id')
    .action(
      action(async (ctx, command) => {
        const id = argumentOf(command, 0);
        await ctx.api.request<undefined>('DELETE', path(id));
        const sentence = `Subscription ${id} is deleted; its open deliveries are cancelled.`;
        printChanged(ctx, { id, status: 'deleted' }, sentence);
      }),
    );

  addGlobalOptions(group.command('rotate-secret').description('give the subscription a new secret'))
    .argument('<id>', 'subscription id')
    .action(
      action(async (ctx, command) => {
        const rotated = await ctx.api.post<RotatedSubscription>(
          path(argumentOf(command, 0), '/rotate-secret'),
        );
        if (ctx.json) return printJson(ctx.io.stdout, rotated);
        printFields(ctx.io.stdout, [
          ['id', rotated.id],
          ['secret', rotated.secret],
          ['previous secret valid until', rotated.previousSecretExpiresAt],
        ]);
        printLine(ctx.io.stdout, 'Until then every delivery is signed with both secrets.');
      }),
    );

  addGlobalOptions(group.command('test').description('send an example event to it alone'))
    .argument('<id>', 'subscription id')
    .addOption(
      new Option('--type <type>', 'event type of the example (default ORDER_CREATED)').argParser(
        eventType,
      ),
    )
    .action(
      action(async (ctx, command) => {
        const { type } = command.opts<{ type?: string }>();
        const answer = await ctx.api.post<TestEventAnswer>(path(argumentOf(command, 0), '/test'), {
          type,
        });
        if (ctx.json) return printJson(ctx.io.stdout, answer);
        printFields(ctx.io.stdout, [
          ['eventId', answer.eventId],
          ['deliveryId', answer.deliveryId],
        ]);
        printLine(ctx.io.stdout, `Follow it with: hookline deliveries show ${answer.deliveryId}`);
      }),
    );
}
