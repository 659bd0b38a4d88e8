import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { eventDataSchemas, eventType, type ShopEvent } from './catalog';
import { findNulCharacter } from './nul-check';

/** A field that failed validation: where it is and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An event that does not match the catalog; `details` names each bad field. */
export class InvalidEventError extends Error {
  constructor(readonly details: FieldIssue[]) {
    super(`invalid event: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export const eventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits, "_", ".", ":" and "-"');

const envelope = z
  .object({
    id: eventIdSchema.optional(),
    type: eventType,
    timestamp: z.iso.datetime({ offset: true }).optional(),
    data: z.unknown(),
  })
  .strict();

export function toFieldIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Generates an event id: `evt_` and 32 hex digits. */
export function newEventId(): string {
  return `evt_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Checks an event against the catalog, filling in a new id and the current time when absent.
 * @throws InvalidEventError naming every bad field, with paths from the envelope's root.
 */
export function parseEvent(input: unknown, now: Date = new Date()): ShopEvent {
  const nul = findNulCharacter(input);
  if (nul !== undefined) throw new InvalidEventError([nul]);
  const outer = envelope.safeParse(input);
  if (!outer.success) throw new InvalidEventError(toFieldIssues(outer.error));
  const { id, type, timestamp, data } = outer.data;
  const inner = eventDataSchemas[type].safeParse(data);
  if (!inner.success) throw new InvalidEventError(toFieldIssues(inner.error, ['data']));
  return {
    id: id ?? newEventId(),
    type,
    timestamp: new Date(timestamp ?? now.toISOString()).toISOString(),
    data: inner.data,
  } as ShopEvent;
}
