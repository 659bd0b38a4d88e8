import type { Attempt, Delivery, DeliveryWithAttempts } from '../api-types';
import { type Cell, cell, printFields, printTable } from '../format';
import type { OutputStream } from '../io';

export const deliveryPath = (id: string, action = '') =>
  `/v1/deliveries/${encodeURIComponent(id)}${action}`;

/** The last error is cut shorter than other cells: a list has seven columns to fit. */
const LIST_ERROR_CHARS = 40;

export function deliveryRow(d: Delivery): Cell[] {
  const error =
    d.lastError === null && d.statusReason !== null
      ? cell(d.statusReason)
      : cell(d.lastError, LIST_ERROR_CHARS);
  return [d.id, d.eventType, d.status, d.attemptCount, d.createdAt, d.nextAttemptAt, error];
}

export const deliveryHead = [
  'ID',
  'EVENT TYPE',
  'STATUS',
  'ATTEMPTS',
  'CREATED',
  'NEXT ATTEMPT',
  'LAST ERROR / REASON',
];

export function printAttempts(out: OutputStream, attempts: Attempt[]): void {
  printTable(
    out,
    ['#', 'TIME', 'STATUS CODE', 'DURATION', 'ERROR'],
    attempts.map((a) => [
      a.attemptNumber,
      a.startedAt,
      a.statusCode,
      `${a.durationMs} ms`,
      a.error,
    ]),
  );
}

/** One delivery: its fields, then its attempts. */
export function printDelivery(out: OutputStream, delivery: DeliveryWithAttempts): void {
  printFields(out, [
    ['id', delivery.id],
    ['event', delivery.eventId],
    ['event type', delivery.eventType],
    ['subscription', delivery.subscriptionId],
    ['status', delivery.status],
    ['status reason', delivery.statusReason],
    ['attempts', delivery.attemptCount],
    ['next attempt', delivery.nextAttemptAt],
    ['last error', delivery.lastError],
    ['created', delivery.createdAt],
    ['updated', delivery.updatedAt],
  ]);
  if (delivery.attempts.length === 0) out.write('No attempts yet.\n');
  else printAttempts(out, delivery.attempts);
}
