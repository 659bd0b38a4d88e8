import type { z } from 'zod';
import { ValidationError } from '../errors';
import { findNulCharacter } from '../events/nul-check';
import { toFieldIssues } from '../events/parse';

/**
 * Checks untrusted input against a schema.
 * @throws ValidationError naming each bad field.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = findNulCharacter(input);
  if (nul !== undefined) throw new ValidationError([nul]);
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error));
  return result.data;
}
