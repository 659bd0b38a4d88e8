import { workflowIds } from '../../contracts/delivery';
import { incomingWorkflowId } from '../../contracts/incoming';

/** Where the Temporal UI shows one workflow. */
export interface TemporalUi {
  url: string;
  namespace: string;
}

export function workflowLink(ui: TemporalUi, workflowId: string): string {
  const namespace = encodeURIComponent(ui.namespace);
  return `${ui.url}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
}

export const deliveryLink = (ui: TemporalUi, eventId: string, subscriptionId: string) =>
  workflowLink(ui, workflowIds.delivery(eventId, subscriptionId));

export const eventLink = (ui: TemporalUi, eventId: string) =>
  workflowLink(ui, workflowIds.event(eventId));

export const incomingLink = (ui: TemporalUi, eventId: string) =>
  workflowLink(ui, incomingWorkflowId(eventId));
