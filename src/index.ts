export { HooklinePublisher, type PublishInput, type PublishResult } from './client/publisher';
export {
  eventDataSchemas,
  eventTypes,
  type EventData,
  type EventType,
  type ShopEvent,
} from './events/catalog';
export { eventExamples } from './events/examples';
export { InvalidEventError, parseEvent, type FieldIssue } from './events/parse';
export { signWebhook, verifyWebhook } from './webhooks/signature';
