import { randomBytes } from 'node:crypto';
import { type EventData, type EventType, eventTypes } from '../../events/catalog';
import { eventExamples } from '../../events/examples';
import { isOperationalEventType, type OperationalEventType } from '../../events/operational';

/** Types the shop publishes; the operational ones are hookline's own and not made up here. */
type ShopEventType = Exclude<EventType, OperationalEventType>;

export const shopEventTypes = eventTypes.filter(
  (type): type is ShopEventType => !isOperationalEventType(type),
);

/** An event as `POST /v1/events` takes it. */
export interface DemoEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  data: EventData<T>;
}

/**
 * The ids of one demo run. Each run has a shop of its own, so its subscription sees no other
 * traffic and a second run does not collide with the first.
 */
export interface DemoIds {
  runId: string;
  shopId: string;
  orderId: string;
  microstoreId: string;
  /** The order that the accounting app creates through its incoming webhook. */
  incomingOrderId: string;
  incomingWebhookId: string;
}

export function demoIds(runId = randomBytes(4).toString('hex')): DemoIds {
  return {
    runId,
    shopId: `shop_demo_${runId}`,
    orderId: `ord_demo_${runId}`,
    microstoreId: `ms_demo_${runId}`,
    incomingOrderId: `ord_demo_${runId}_acc`,
    incomingWebhookId: `msg_demo_${runId}`,
  };
}

/** The example `data` of a type, moved into the run's shop, order and microstore. */
function demoData(type: ShopEventType, ids: DemoIds): EventData {
  const inShop = { orderId: ids.orderId, shopId: ids.shopId };
  switch (type) {
    case 'ORDER_CREATED':
    case 'ORDER_UPDATED': {
      const { order } = eventExamples[type];
      const { orderId: id, shopId } = inShop;
      return { order: { ...order, id, shopId, microstoreId: ids.microstoreId } };
    }
    case 'PAYMENT_STATUS_UPDATED':
      return { ...eventExamples.PAYMENT_STATUS_UPDATED, ...inShop };
    case 'SHIPPING_STATUS_UPDATED':
      return { ...eventExamples.SHIPPING_STATUS_UPDATED, ...inShop };
    case 'MICROSTORE_CLOSED': {
      const { microstore } = eventExamples.MICROSTORE_CLOSED;
      return {
        ...eventExamples.MICROSTORE_CLOSED,
        microstore: { ...microstore, id: ids.microstoreId, shopId: ids.shopId },
      };
    }
  }
}

/** One event of every type the shop publishes, in the order a shop would send them. */
export function demoEvents(ids: DemoIds): DemoEvent[] {
  return shopEventTypes.map((type, index) => ({
    id: `evt_demo_${ids.runId}_${index + 1}`,
    type,
    data: demoData(type, ids),
  }));
}

/** The raw body of the incoming ORDER_CREATED that the accounting app sends. */
export function incomingOrderBody(ids: DemoIds, now: Date): string {
  const order = {
    ...eventExamples.ORDER_CREATED.order,
    id: ids.incomingOrderId,
    shopId: ids.shopId,
    microstoreId: ids.microstoreId,
    number: `ACC-${ids.runId}`,
  };
  return JSON.stringify({ type: 'ORDER_CREATED', timestamp: now.toISOString(), data: { order } });
}
