import { Counter, Histogram, register } from 'prom-client';

/**
 * hookline's own Prometheus metrics, in the process-wide registry. Workers count what
 * happens to events and deliveries; API processes count the receiver's answers.
 */
export const metrics = {
  eventsAccepted: new Counter({
    name: 'hookline_events_accepted_total',
    help: 'Events recorded for the first time, by type and by the door they came through.',
    labelNames: ['type', 'door'] as const,
  }),
  deliveryOutcomes: new Counter({
    name: 'hookline_delivery_attempt_outcomes_total',
    help:
      'What each delivery attempt led to: delivered, retry, failed, held, cancelled, or ' +
      "throttled (no request: the subscription's limits made it wait).",
    labelNames: ['outcome'] as const,
  }),
  deliveriesFiltered: new Counter({
    name: 'hookline_deliveries_filtered_total',
    help: "Deliveries not sent because the event failed the subscription's filter, by type.",
    labelNames: ['type'] as const,
  }),
  attemptDuration: new Histogram({
    name: 'hookline_delivery_attempt_duration_seconds',
    help: 'Time from sending a delivery to the subscriber answering, or to giving up.',
    labelNames: ['result'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60],
  }),
  receiverResponses: new Counter({
    name: 'hookline_receiver_responses_total',
    help: 'Answers of the incoming webhook receiver, by HTTP status.',
    labelNames: ['status'] as const,
  }),
};

export { register };
