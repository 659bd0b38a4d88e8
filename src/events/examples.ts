import type { EventData, EventType } from './catalog';

const exampleOrder = {
  id: 'ord_1001',
  shopId: 'shop_main',
  microstoreId: 'ms_fc_tigers',
  number: '1001',
  version: 1,
  currency: 'EUR',
  customer: { id: 'cus_42', email: 'ada@example.com', name: 'Ada Lovelace' },
  lines: [
    {
      sku: 'JERSEY-M',
      name: 'Team jersey, M',
      quantity: 2,
      unitPrice: { amount: 4990, currency: 'EUR' },
    },
  ],
  total: { amount: 9980, currency: 'EUR' },
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: 'Hauptstrasse 1',
    postalCode: '10115',
    city: 'Berlin',
    country: 'DE',
  },
  paymentStatus: 'pending',
  shippingStatus: 'unfulfilled',
  createdAt: '2026-11-30T09:15:00.000Z',
  updatedAt: '2026-11-30T09:15:00.000Z',
} satisfies EventData<'ORDER_CREATED'>['order'];

/** One valid `data` per event type: shown by `GET /v1/event-types` and used by tests. */
export const eventExamples: { [T in EventType]: EventData<T> } = {
  ORDER_CREATED: { order: exampleOrder },
  ORDER_UPDATED: {
    order: { ...exampleOrder, version: 2, updatedAt: '2026-11-30T09:20:00.000Z' },
  },
  PAYMENT_STATUS_UPDATED: {
    orderId: 'ord_1001',
    shopId: 'shop_main',
    version: 3,
    paymentStatus: 'paid',
    amount: { amount: 9980, currency: 'EUR' },
    provider: 'stripe',
    reference: 'pi_3Q',
  },
  SHIPPING_STATUS_UPDATED: {
    orderId: 'ord_1001',
    shopId: 'shop_main',
    version: 4,
    shippingStatus: 'shipped',
    carrier: 'DHL',
    trackingNumber: '00340434161094042557',
  },
  MICROSTORE_CLOSED: {
    microstore: { id: 'ms_fc_tigers', shopId: 'shop_main', name: 'FC Tigers fan shop' },
    closedAt: '2026-12-01T00:00:00.000Z',
    reason: 'season ended',
  },
  DELIVERY_FAILED: {
    subscriptionId: 'sub_0mx7t86otc733683ac0b0131c',
    url: 'https://erp.example.com/hooks/shop',
    deliveryId: 'dlv_f7fc0c5ff6b7c014eb0b1fbd',
    eventId: 'evt_7dfdb590a28b4720a9f2832759bc3332',
    eventType: 'ORDER_CREATED',
    attempts: 14,
    lastError: 'HTTP 503',
    failedAt: '2026-12-03T09:15:00.000Z',
  },
  SUBSCRIPTION_DISABLED: {
    subscriptionId: 'sub_0mx7t86otc733683ac0b0131c',
    url: 'https://erp.example.com/hooks/shop',
    reason: 'endpoint answered 410 Gone',
    disabledAt: '2026-12-03T09:15:00.000Z',
  },
  SUBSCRIPTION_RECOVERED: {
    subscriptionId: 'sub_0mx7t86otc733683ac0b0131c',
    url: 'https://erp.example.com/hooks/shop',
    disabledAt: '2026-12-01T22:00:00.000Z',
    recoveredAt: '2026-12-03T09:15:00.000Z',
  },
};
