import { InvalidArgumentError } from 'commander';
import { type EventType, eventTypes } from '../events/catalog';
import { type DeliveryStatus, deliveryStatuses } from '../store/schema';

/**
 * Parsers of option values. Each throws commander's InvalidArgumentError, which commander
 * prints with the option's name and turns into a usage error (exit code 2).
 */

/** Statuses a finished delivery can have; only those can be replayed. */
export const finishedStatuses: DeliveryStatus[] = ['failed', 'delivered', 'cancelled'];

/** A JSON object, e.g. a filter expression; the API checks what it says. */
export function jsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('must be valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError('must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  }
  return value;
}

/**
 * A limit: a whole number of 1 or more, or `none` to remove it. `none` stays a word: commander
 * turns a parser's null into an empty string.
 */
export function limitOrNone(text: string): number | 'none' {
  if (text === 'none') return 'none';
  try {
    return positiveInteger(text);
  } catch {
    throw new InvalidArgumentError('expected a whole number of 1 or more, or none.');
  }
}

/** How a subscription's deliveries about one order are sequenced. */
export function ordering(text: string): 'order' | 'none' {
  if (text === 'order' || text === 'none') return text;
  throw new InvalidArgumentError('expected order or none.');
}

export function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('expected a whole number of 0 or more.');
  }
  return value;
}

/** An ISO 8601 time with a date and a time of day, e.g. 2026-11-30T09:00:00Z. */
export function isoTime(text: string): string {
  const shaped = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
  const ms = Date.parse(text);
  if (!shaped.test(text) || Number.isNaN(ms)) {
    throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-11-30T09:00:00Z.');
  }
  return new Date(ms).toISOString();
}

export function eventType(text: string): EventType {
  if (!(eventTypes as string[]).includes(text)) {
    throw new InvalidArgumentError(`expected one of ${eventTypes.join(', ')}.`);
  }
  return text as EventType;
}

/** A comma-separated list of distinct event types. */
export function eventTypeList(text: string): EventType[] {
  const types = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(eventType);
  if (types.length === 0) throw new InvalidArgumentError('expected at least one event type.');
  if (new Set(types).size !== types.length) {
    throw new InvalidArgumentError('an event type is repeated.');
  }
  return types;
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (text: string): T => {
    if (!(allowed as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}.`);
    }
    return text as T;
  };
}

export const deliveryStatus = oneOf(deliveryStatuses);
export const finishedStatus = oneOf(finishedStatuses);

/** An absolute http(s) URL, without a trailing slash so that paths can be appended. */
export function httpUrl(text: string): string {
  try {
    const url = new URL(text);
    const http = url.protocol === 'http:' || url.protocol === 'https:';
    if (http) return url.toString().replace(/\/+$/, '');
  } catch {
    // answered below, with the expected form
  }
  throw new InvalidArgumentError('expected an absolute http(s) URL.');
}
