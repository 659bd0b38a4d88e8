import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make hookline's workflows findable in the Temporal UI.
 * Registered at start-up on the dev server and on a cluster.
 */
export const searchAttributes = {
  eventType: defineSearchAttributeKey('HooklineEventType', SearchAttributeType.KEYWORD),
  shopId: defineSearchAttributeKey('HooklineShopId', SearchAttributeType.KEYWORD),
  orderId: defineSearchAttributeKey('HooklineOrderId', SearchAttributeType.KEYWORD),
  subscriptionId: defineSearchAttributeKey('HooklineSubscriptionId', SearchAttributeType.KEYWORD),
  sourceId: defineSearchAttributeKey('HooklineSourceId', SearchAttributeType.KEYWORD),
  deliveryState: defineSearchAttributeKey('HooklineDeliveryState', SearchAttributeType.KEYWORD),
  attempt: defineSearchAttributeKey('HooklineAttempt', SearchAttributeType.INT),
} as const;

export const allSearchAttributeKeys = Object.values(searchAttributes);
