import type { FieldIssue } from './parse';

/**
 * The first string or key holding a NUL character, as a field issue. PostgreSQL text cannot
 * store NUL, so such input is refused at the edge instead of failing later in a workflow.
 */
export function findNulCharacter(value: unknown, path: string[] = []): FieldIssue | undefined {
  const where = () => path.join('.') || '(root)';
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? { path: where(), message: 'must not contain NUL' }
      : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return { path: where(), message: 'keys must not contain NUL' };
    const issue = findNulCharacter(item, [...path, key]);
    if (issue !== undefined) return issue;
  }
  return undefined;
}
