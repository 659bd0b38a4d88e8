import type { DeliveryWithAttempts } from '../api-types';
import { printAttempts } from '../commands/delivery-views';
import { printLine } from '../format';
import type { OutputStream } from '../io';
import { deliveryLink, eventLink, incomingLink, type TemporalUi } from './links';
import type { DemoResult } from './run-demo';

/** The Temporal UI links of one delivery: its workflow, its event's, and the incoming one's. */
export function linksOf(result: DemoResult, delivery: DeliveryWithAttempts, ui: TemporalUi) {
  const fromIncoming = delivery.eventId === result.incoming.eventId;
  return {
    delivery: deliveryLink(ui, delivery.eventId, delivery.subscriptionId),
    event: eventLink(ui, delivery.eventId),
    ...(fromIncoming ? { incoming: incomingLink(ui, delivery.eventId) } : {}),
  };
}

/** The demo's result as scripts read it: the deliveries carry their links. */
export function demoJson(result: DemoResult, ui: TemporalUi) {
  return {
    ...result,
    deliveries: result.deliveries.map((d) => ({ ...d, links: linksOf(result, d, ui) })),
  };
}

function summary(delivery: DeliveryWithAttempts): string {
  const attempts = `${delivery.attemptCount} attempt${delivery.attemptCount === 1 ? '' : 's'}`;
  return `${delivery.eventType}: ${delivery.status} after ${attempts} (${delivery.id})`;
}

/** The deliveries in the order their events were sent; any others after them, oldest first. */
function inSendingOrder(result: DemoResult): DeliveryWithAttempts[] {
  const order = [...result.published.map((p) => p.eventId), result.incoming.eventId];
  const rank = (d: DeliveryWithAttempts) => {
    const index = order.indexOf(d.eventId);
    return index === -1 ? order.length : index;
  };
  return [...result.deliveries].sort(
    (a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt),
  );
}

/** Each delivery with its attempts and Temporal UI links, then the subscriber's view. */
export function printDemoReport(out: OutputStream, result: DemoResult, ui: TemporalUi): void {
  const deliveries = inSendingOrder(result);
  printLine(out);
  printLine(out, `What happened, delivery by delivery (subscription ${result.subscriptionId}):`);
  for (const delivery of deliveries) {
    printLine(out);
    printLine(out, summary(delivery));
    if (delivery.attempts.length > 0) printAttempts(out, delivery.attempts);
    const links = linksOf(result, delivery, ui);
    if (links.incoming !== undefined) printLine(out, `  incoming workflow  ${links.incoming}`);
    printLine(out, `  event workflow     ${links.event}`);
    printLine(out, `  delivery workflow  ${links.delivery}`);
  }
  const { received } = result;
  const unverified = received.filter((r) => !r.signatureValid).length;
  const refused = received.filter((r) => r.answeredStatus >= 300).length;
  printLine(out);
  printLine(
    out,
    `The subscriber got ${received.length} webhooks, refused ${refused} of them on purpose, and ${
      unverified === 0 ? 'verified every signature' : `could not verify ${unverified} signatures`
    }.`,
  );
  if (result.incoming.status !== 'published') {
    const reason = result.incoming.reason === null ? '' : `: ${result.incoming.reason}`;
    printLine(out, `The incoming event is ${result.incoming.status}${reason}.`);
  }
  if (result.paused) {
    printLine(out, 'The subscription is paused: its open deliveries wait for a subscriber.');
  }
  printLine(out);
  printLine(
    out,
    `The subscription stays for a look: hookline deliveries list ${result.subscriptionId}`,
  );
  printLine(
    out,
    `and can then go:            hookline subscriptions delete ${result.subscriptionId}`,
  );
}
