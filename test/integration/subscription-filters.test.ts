import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIds } from '../../src/contracts/delivery';
import type { EventWorkflowInput, EventWorkflowResult } from '../../src/contracts/event';
import { eventExamples } from '../../src/events/examples';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { against, runCli } from './cli-run';

/** An ORDER_CREATED event of the shop with the given total, in minor units. */
function orderOf(shopId: string, totalAmount: number) {
  const event = orderCreatedEvent(shopId);
  event.data.order = { ...event.data.order, total: { amount: totalAmount, currency: 'EUR' } };
  return event;
}

describe('subscription filters', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribed(body: Record<string, unknown>) {
    const subscriber = await TestSubscriber.start();
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      ...body,
    });
    expect(created.status).toBe(201);
    return { subscriber, id: created.body.id as string };
  }

  /** Publishes an event and waits until its event workflow has planned its deliveries. */
  async function published(event: unknown): Promise<[string, EventWorkflowResult]> {
    const answer = await platform.api('POST', '/v1/events', event);
    const eventId = answer.body.eventId as string;
    const handle = platform.temporal.workflow.getHandle(workflowIds.event(eventId));
    return [eventId, (await handle.result()) as EventWorkflowResult];
  }

  async function filteredOf(subscriptionId: string) {
    const list = await platform.api(
      'GET',
      `/v1/subscriptions/${subscriptionId}/deliveries?status=filtered`,
    );
    return list.body.data as {
      id: string;
      eventId: string;
      statusReason: string;
      attempts: unknown[];
    }[];
  }

  async function deliveryWorkflowExists(eventId: string, subscriptionId: string) {
    const handle = platform.temporal.workflow.getHandle(
      workflowIds.delivery(eventId, subscriptionId),
    );
    return handle.describe().then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );
  }

  const webhookIds = (subscriber: TestSubscriber) =>
    subscriber.received.map((request) => request.headers['webhook-id']);

  test('only matching events reach the filtering subscription; the others are listed with their reason', async () => {
    const plain = await subscribed({ eventTypes: ['ORDER_CREATED'], shopId: 'shop_f1' });
    const big = await subscribed({
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_f1',
      filter: { path: 'order.total.amount', gte: 5000 },
    });

    const [large, largeResult] = await published(orderOf('shop_f1', 9980));
    const [small, smallResult] = await published(orderOf('shop_f1', 500));

    await plain.subscriber.waitFor(2);
    await big.subscriber.waitFor(1);
    expect(largeResult).toMatchObject({ deliveriesStarted: 2, deliveriesFiltered: 0 });
    expect(smallResult).toMatchObject({ deliveriesStarted: 1, deliveriesFiltered: 1 });
    expect(webhookIds(big.subscriber)).toEqual([large]);
    expect(await filteredOf(big.id)).toEqual([
      expect.objectContaining({
        eventId: small,
        status: 'filtered',
        statusReason: 'order.total.amount gte 5000 was false (value 500)',
        attemptCount: 0,
        attempts: [],
      }),
    ]);
    expect(await filteredOf(plain.id)).toEqual([]);
    expect(await deliveryWorkflowExists(small, big.id)).toBe(false);
  });

  test('a PATCH that changes the filter applies to later events', async () => {
    const sub = await subscribed({
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_f2',
      filter: { path: 'order.total.amount', gte: 5000 },
    });
    const [first] = await published(orderOf('shop_f2', 500));

    const patched = await platform.api('PATCH', `/v1/subscriptions/${sub.id}`, {
      filter: { path: 'order.total.amount', lt: 5000 },
    });
    const [second] = await published(orderOf('shop_f2', 500));
    const [third] = await published(orderOf('shop_f2', 9980));
    const removed = await platform.api('PATCH', `/v1/subscriptions/${sub.id}`, { filter: null });
    const [fourth] = await published(orderOf('shop_f2', 9980));

    expect(patched.body.filter).toEqual({ path: 'order.total.amount', lt: 5000 });
    expect(removed.body.filter).toBeNull();
    await sub.subscriber.waitFor(2);
    expect(webhookIds(sub.subscriber).sort()).toEqual([second, fourth].sort());
    const filtered = await filteredOf(sub.id);
    expect(filtered.map((d) => [d.eventId, d.statusReason]).sort()).toEqual(
      [
        [first, 'order.total.amount gte 5000 was false (value 500)'],
        [third, 'order.total.amount lt 5000 was false (value 9980)'],
      ].sort(),
    );
  });

  test('operational events are filtered the same way', async () => {
    const operators = await subscribed({
      eventTypes: ['DELIVERY_FAILED'],
      filter: { path: 'eventType', in: ['ORDER_CREATED', 'ORDER_UPDATED'] },
    });
    const announced = async (eventType: string, sequence: number) => {
      const input: EventWorkflowInput = {
        event: {
          id: `evt_op_filter_${randomUUID().replaceAll('-', '')}_${sequence}`,
          type: 'DELIVERY_FAILED',
          timestamp: new Date().toISOString(),
          data: { ...eventExamples.DELIVERY_FAILED, eventType },
        },
        origin: 'hookline',
        door: 'operational',
      };
      const handle = await platform.temporal.workflow.start('eventWorkflow', {
        workflowId: workflowIds.event(input.event.id),
        taskQueue: platform.config.temporal.taskQueue,
        args: [input],
      });
      await handle.result();
      return input.event.id;
    };

    const kept = await announced('ORDER_CREATED', 1);
    const dropped = await announced('SHIPPING_STATUS_UPDATED', 2);

    await operators.subscriber.waitFor(1);
    expect(webhookIds(operators.subscriber)).toEqual([kept]);
    expect(await filteredOf(operators.id)).toEqual([
      expect.objectContaining({
        eventId: dropped,
        statusReason:
          'eventType in ["ORDER_CREATED","ORDER_UPDATED"] was false (value "SHIPPING_STATUS_UPDATED")',
      }),
    ]);
  });

  test('hookline deliveries list shows filtered deliveries, and show gives the whole reason', async () => {
    const sub = await subscribed({
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_f3',
      filter: { path: 'order.microstoreId', eq: 'ms_other' },
    });
    await published(orderOf('shop_f3', 500));
    const hookline = (...args: string[]) => runCli([...against(platform), ...args]);

    const listed = await hookline('deliveries', 'list', sub.id, '--status', 'filtered');
    const [row] = await filteredOf(sub.id);
    const shown = await hookline('deliveries', 'show', row!.id);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('│ filtered │');
    expect(listed.stdout).toContain('order.microstoreId eq "ms_other" was false');
    expect(shown.stdout).toContain(
      'order.microstoreId eq "ms_other" was false (value "ms_fc_tigers")',
    );
  });

  test('hookline subscriptions create --filter sends the filter, and show prints it', async () => {
    const hookline = (...args: string[]) => runCli([...against(platform), ...args]);
    const filter = '{"path":"order.currency","eq":"EUR"}';

    const created = await hookline(
      ...['subscriptions', 'create', '--url', 'http://127.0.0.1:9/hook'],
      ...['--event-types', 'ORDER_CREATED', '--filter', filter, '--json'],
    );
    const shown = await hookline('subscriptions', 'show', JSON.parse(created.stdout).id);

    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).filter).toEqual(JSON.parse(filter));
    expect(shown.stdout).toContain(filter);
  });

  test('hookline subscriptions create --filter refuses text that is not a JSON object', async () => {
    const created = await runCli([
      ...against(platform),
      ...['subscriptions', 'create', '--url', 'http://127.0.0.1:9/hook'],
      ...['--event-types', 'ORDER_CREATED', '--filter', 'order.total.amount > 5'],
    ]);

    expect(created.code).toBe(2);
    expect(created.stderr).toContain('must be valid JSON');
  });

  test('a filtered delivery is not replayed: 409', async () => {
    const sub = await subscribed({
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_f4',
      filter: { path: 'order.total.amount', gt: 1_000_000 },
    });
    await published(orderOf('shop_f4', 500));
    const [filtered] = await waitUntil(async () => {
      const rows = await filteredOf(sub.id);
      return rows.length === 1 ? rows : undefined;
    });

    const retried = await platform.api('POST', `/v1/deliveries/${filtered!.id}/retry`);

    expect(retried.status).toBe(409);
    expect(sub.subscriber.received).toHaveLength(0);
  });

  describe('invalid filters answer 422 and change nothing', () => {
    test('creating with a path that the event types do not have', async () => {
      const subscriber = await TestSubscriber.start();
      subscribers.push(subscriber);

      const answer = await platform.api('POST', '/v1/subscriptions', {
        url: subscriber.url,
        eventTypes: ['ORDER_CREATED'],
        filter: {
          all: [
            { path: 'order.total.amount', gte: 1 },
            { path: 'total.amount', gte: 1 },
          ],
        },
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error).toEqual({
        code: 'validation_failed',
        message: 'The filter does not fit the event types of the subscription.',
        details: [
          { path: 'filter.all.1.path', message: 'is not a field of the data of ORDER_CREATED' },
        ],
      });
      const all = await platform.api('GET', '/v1/subscriptions?limit=200');
      expect(all.body.data.map((s: { url: string }) => s.url)).not.toContain(subscriber.url);
    });

    test('creating with an unknown operator', async () => {
      const answer = await platform.api('POST', '/v1/subscriptions', {
        url: 'http://127.0.0.1:9/hook',
        eventTypes: ['ORDER_CREATED'],
        filter: { path: 'order.total.amount', between: [1, 2] },
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([
        {
          path: 'filter.between',
          message: 'unknown operator; use one of eq, ne, in, nin, gt, gte, lt, lte, exists',
        },
      ]);
    });

    test('changing the event types so that the filter no longer fits', async () => {
      const sub = await subscribed({
        eventTypes: ['ORDER_CREATED'],
        filter: { path: 'order.total.amount', gte: 5000 },
      });

      const answer = await platform.api('PATCH', `/v1/subscriptions/${sub.id}`, {
        eventTypes: ['SHIPPING_STATUS_UPDATED'],
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([
        {
          path: 'filter.path',
          message: 'is not a field of the data of SHIPPING_STATUS_UPDATED',
        },
      ]);
      const read = await platform.api('GET', `/v1/subscriptions/${sub.id}`);
      expect(read.body.eventTypes).toEqual(['ORDER_CREATED']);
    });

    test('a PATCH with a value of the wrong type keeps the old filter', async () => {
      const sub = await subscribed({
        eventTypes: ['PAYMENT_STATUS_UPDATED'],
        filter: { path: 'paymentStatus', eq: 'paid' },
      });

      const answer = await platform.api('PATCH', `/v1/subscriptions/${sub.id}`, {
        filter: { path: 'paymentStatus', in: ['paid', 'payed'] },
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([
        {
          path: 'filter.in.1',
          message:
            '"payed" cannot match paymentStatus, which is one of pending, authorized, paid, partially_refunded, refunded, failed, voided',
        },
      ]);
      const read = await platform.api('GET', `/v1/subscriptions/${sub.id}`);
      expect(read.body.filter).toEqual({ path: 'paymentStatus', eq: 'paid' });
    });
  });
});
