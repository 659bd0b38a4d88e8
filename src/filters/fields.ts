import { z } from 'zod';
import { eventDataSchemas, type EventType } from '../events/catalog';

/** What a filter may do with one field of an event type's `data`. */
export interface FieldShape {
  kind: 'string' | 'number' | 'boolean' | 'object' | 'list' | 'other';
  /** The allowed values of a closed enumeration, e.g. payment statuses. */
  values?: readonly string[];
  /** An ISO 8601 date-time, which ordering operators compare as an instant. */
  dateTime?: boolean;
}

interface JsonSchemaNode {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchemaNode>;
}

function shapeOf(node: JsonSchemaNode): FieldShape {
  switch (node.type) {
    case 'string':
      return {
        kind: 'string',
        ...(node.enum !== undefined && { values: node.enum.map(String) }),
        ...(node.format === 'date-time' && { dateTime: true }),
      };
    case 'integer':
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'object':
      return { kind: 'object' };
    case 'array':
      return { kind: 'list' };
    default:
      return { kind: 'other' };
  }
}

function collect(node: JsonSchemaNode, prefix: string, into: Map<string, FieldShape>): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    into.set(path, shapeOf(child));
    // Lists are leaves: a path does not go into their items.
    if (child.type === 'object') collect(child, path, into);
  }
}

const fieldsByType = new Map<EventType, ReadonlyMap<string, FieldShape>>();

/**
 * Every path a filter may name in the `data` of an event type, read from the JSON Schema of
 * the catalog's zod schema, so a new field is filterable as soon as the catalog has it.
 */
export function eventFields(type: EventType): ReadonlyMap<string, FieldShape> {
  let fields = fieldsByType.get(type);
  if (fields === undefined) {
    const schema = z.toJSONSchema(eventDataSchemas[type], { io: 'input' }) as JsonSchemaNode;
    const collected = new Map<string, FieldShape>();
    collect(schema, '', collected);
    fields = collected;
    fieldsByType.set(type, fields);
  }
  return fields;
}
