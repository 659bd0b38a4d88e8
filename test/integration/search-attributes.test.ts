import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { DeliveryState } from '../../src/contracts/delivery';
import { searchAttributes } from '../../src/contracts/search-attributes';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

/** What the SDK's built-in metadata query answers; only the field read here. */
interface WorkflowMetadata {
  currentDetails?: string;
}

/** The visibility query for a subscription's deliveries in one state. */
function inState(subscriptionId: string, state: DeliveryState): string {
  return `HooklineSubscriptionId = '${subscriptionId}' AND HooklineDeliveryState = '${state}'`;
}

describe('search attributes, summaries and details in Temporal', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,500ms' });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribe(subscriber: TestSubscriber, shopId: string): Promise<string> {
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** Lists through Temporal's visibility, which can lag the workflow by about a second. */
  async function listUntil(
    query: string,
    enough: (found: WorkflowExecutionInfo[]) => boolean = (found) => found.length > 0,
    timeoutMs = 15_000,
  ): Promise<WorkflowExecutionInfo[]> {
    let found: WorkflowExecutionInfo[] = [];
    try {
      return await waitUntil(async () => {
        found = [];
        for await (const info of platform.temporal.workflow.list({ query })) found.push(info);
        return enough(found) ? found : undefined;
      }, timeoutMs);
    } catch (error) {
      const ids = found.map((info) => info.workflowId).join(', ') || 'nothing';
      throw new Error(`Temporal listed ${ids} for ${query}`, { cause: error });
    }
  }

  describe('a delivery whose subscriber answers 500 twice and then 200', () => {
    let subscriptionId: string;
    let eventId: string;
    let orderId: string;
    let deliveryWorkflowId: string;
    let subscriberUrl: string;

    beforeAll(async () => {
      // The third answer is held for a few seconds so the `retrying` state outlasts the lag of
      // visibility; the attempt heartbeats meanwhile and the subscriber timeout is 15 s.
      const subscriber = await TestSubscriber.start((_request, index) =>
        index < 2 ? { status: 500, body: 'boom' } : { status: 200, delayMs: 3000 },
      );
      subscriberUrl = subscriber.url;
      subscriptionId = await subscribe(subscriber, 'shop_sa1');
      const event = orderCreatedEvent('shop_sa1');
      orderId = event.data.order.id;
      const published = await platform.api('POST', '/v1/events', event);
      expect(published.status).toBe(202);
      eventId = published.body.eventId as string;
      deliveryWorkflowId = `delivery:${eventId}:${subscriptionId}`;
    });

    test('while it fails, it is found by its subscription id and the state retrying, with at least one attempt', async () => {
      const query = inState(subscriptionId, 'retrying');

      const [found] = await listUntil(query);

      expect(found!.workflowId).toBe(deliveryWorkflowId);
      expect(found!.typedSearchAttributes.get(searchAttributes.attempt)).toBeGreaterThanOrEqual(1);
      expect(found!.typedSearchAttributes.get(searchAttributes.eventType)).toBe('ORDER_CREATED');
    });

    test('once delivered, it is found by the state delivered and three attempts', async () => {
      const query = `${inState(subscriptionId, 'delivered')} AND HooklineAttempt = 3`;

      const found = await listUntil(query);

      expect(found.map((info) => info.workflowId)).toEqual([deliveryWorkflowId]);
      expect(found[0]!.typedSearchAttributes.get(searchAttributes.orderId)).toBe(orderId);
    });

    test('its event workflow and the delivery are found by the order id', async () => {
      const query = `HooklineOrderId = '${orderId}'`;

      const found = await listUntil(query, (infos) => infos.length >= 2);

      expect(found.map((info) => info.workflowId).sort()).toEqual(
        [deliveryWorkflowId, `event:${eventId}`].sort(),
      );
      const event = found.find((info) => info.workflowId === `event:${eventId}`);
      expect(event!.type).toBe('eventWorkflow');
      expect(event!.typedSearchAttributes.get(searchAttributes.shopId)).toBe('shop_sa1');
    });

    test('describe gives the static summary, and the current details say delivered', async () => {
      const handle = platform.temporal.workflow.getHandle(deliveryWorkflowId);
      await handle.result();

      const description = await handle.describe();
      const metadata = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');

      expect(await description.staticSummary()).toBe(
        `Deliver ORDER_CREATED ${eventId} to ${subscriberUrl} (${subscriptionId})`,
      );
      expect(metadata.currentDetails).toContain('**delivered** after 3 attempts');
    });
  });

  test('a paused subscription holds its delivery, found by the state held with no attempt spent', async () => {
    const subscriber = await TestSubscriber.start();
    const subscriptionId = await subscribe(subscriber, 'shop_sa2');
    await platform.api('POST', `/v1/subscriptions/${subscriptionId}/pause`);
    const query = inState(subscriptionId, 'held');

    const published = await platform.api('POST', '/v1/events', orderCreatedEvent('shop_sa2'));
    const [found] = await listUntil(query);

    expect(found!.workflowId).toBe(`delivery:${published.body.eventId}:${subscriptionId}`);
    expect(found!.typedSearchAttributes.get(searchAttributes.attempt)).toBe(0);
    expect(subscriber.received).toHaveLength(0);
  });
});
