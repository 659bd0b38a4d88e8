export { deliveryWorkflow } from './delivery';
export { eventWorkflow } from './event';
export { incomingWorkflow } from './incoming';
export { orderedDeliveryWorkflow } from './ordered-delivery';
