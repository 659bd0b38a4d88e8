import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { eventPriority, eventSummary, type EventWorkflowInput } from '../contracts/event';
import { workflowIds } from '../contracts/delivery';
import { searchAttributes } from '../contracts/search-attributes';
import { eventSubject, type EventData, type EventType } from '../events/catalog';
import { isOperationalEventType } from '../events/operational';
import { InvalidEventError, parseEvent } from '../events/parse';

/** What a caller publishes: the type and data, with an optional id that makes it idempotent. */
export interface PublishInput<T extends EventType = EventType> {
  type: T;
  data: EventData<T>;
  /** Your id for this event; publishing the same id again starts nothing new. */
  id?: string;
  /** When the event happened (ISO 8601); defaults to now. */
  timestamp?: string;
}

export interface PublishResult {
  eventId: string;
  /** False when an event with this id was published before. */
  created: boolean;
}

/**
 * Publishes shop events by starting their workflow directly in Temporal. Resolves only once
 * the start is durable.
 * @throws InvalidEventError naming each bad field, or an operational type (hookline sends
 * those itself); nothing is started.
 */
export class HooklinePublisher {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async publish<T extends EventType>(
    input: PublishInput<T>,
    origin = 'shop',
    options: { testSubscriptionId?: string; door?: string } = {},
  ): Promise<PublishResult> {
    const event = parseEvent(input);
    if (isOperationalEventType(event.type) && options.testSubscriptionId === undefined) {
      throw new InvalidEventError([
        { path: 'type', message: `${event.type} is sent by hookline itself, not published` },
      ]);
    }
    const { shopId, orderId } = eventSubject(event);
    const workflowInput: EventWorkflowInput = { event, origin, ...options };
    try {
      await this.client.workflow.start('eventWorkflow', {
        taskQueue: this.taskQueue,
        workflowId: workflowIds.event(event.id),
        args: [workflowInput],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        staticSummary: eventSummary(event, origin),
        typedSearchAttributes: [
          { key: searchAttributes.eventType, value: event.type },
          { key: searchAttributes.shopId, value: shopId },
          ...(orderId === undefined ? [] : [{ key: searchAttributes.orderId, value: orderId }]),
        ],
        priority: eventPriority(shopId),
      });
      return { eventId: event.id, created: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        return { eventId: event.id, created: false };
      }
      throw error;
    }
  }
}
