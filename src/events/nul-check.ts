import type { FieldIssue } from './parse';

interface Visit {
  value: unknown;
  key: string | undefined;
  parent: Visit | undefined;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || '(root)';
}

/**
 * The first string or key holding a NUL character, as a field issue. PostgreSQL text cannot
 * store NUL, so such input is refused at the edge instead of failing later in a workflow.
 * Walks with an explicit stack and parent links: input may nest deeper than the call stack
 * allows, and a path is built only for the one field reported.
 */
export function findNulCharacter(value: unknown): FieldIssue | undefined {
  const pending: Visit[] = [{ value, key: undefined, parent: undefined }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000'))
        return { path: pathOf(visit), message: 'must not contain NUL' };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, item] of Object.entries(current)) {
      if (key.includes('\u0000'))
        return { path: pathOf(visit), message: 'keys must not contain NUL' };
      pending.push({ value: item, key, parent: visit });
    }
  }
  return undefined;
}
