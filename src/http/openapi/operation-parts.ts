import { z } from 'zod';
import { SCHEMAS_PATH, toInlineSchema } from './json-schema';
import type { MediaType, Parameter, RequestBody, Response } from './types';

/** The JSON content of a body or an answer, as the named component schema. */
export function json(schemaName: string): Record<string, MediaType> {
  return { 'application/json': { schema: { $ref: `${SCHEMAS_PATH}${schemaName}` } } };
}

export function jsonBody(schemaName: string, required = true): RequestBody {
  return { required, content: json(schemaName) };
}

export function answer(description: string, schemaName?: string): Response {
  return schemaName === undefined ? { description } : { description, content: json(schemaName) };
}

/** A `{name}` segment of the path, which OpenAPI requires to be present. */
export function pathParameter(name: string, description: string): Parameter {
  return {
    name,
    in: 'path',
    required: true,
    description,
    schema: toInlineSchema(z.string().min(1), 'input'),
  };
}

/**
 * The query parameters of a route, from the same zod object the route validates its query
 * with. A parameter with a default is optional, as the input side of the schema says.
 */
export function queryParameters(query: z.ZodObject): Parameter[] {
  const schema = toInlineSchema(query, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}
