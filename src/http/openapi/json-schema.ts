import { z } from 'zod';
import type { JsonSchema } from './types';

/** Where component schemas live in the document; `$ref`s between components point here. */
export const SCHEMAS_PATH = '#/components/schemas/';

/** Named zod schemas, each to become one component of the document. */
export type SchemaTable = Record<string, z.ZodType>;

type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/**
 * Drops the keywords that make a schema a standalone document: the dialect is declared once
 * for the whole OpenAPI document, and zod's fragment-only `$id` is not a valid 2020-12 id.
 */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Converts a table of zod schemas into component schemas. A schema of the table that another
 * one contains becomes a `$ref` to its component; anything else is inlined. `io` says what the
 * schemas describe: `input` for what a caller may send (a field with a default is optional),
 * `output` for what hookline answers.
 */
export function toComponentSchemas(
  table: SchemaTable,
  io: 'input' | 'output',
  override?: Override,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(table)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${SCHEMAS_PATH}${id}`,
    ...(override === undefined ? {} : { override }),
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, embedded(schema as JsonSchema)]),
  );
}

/** One zod schema as a standalone JSON Schema, for parameters that are not components. */
export function toInlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return embedded(z.toJSONSchema(schema, { io }) as JsonSchema);
}
