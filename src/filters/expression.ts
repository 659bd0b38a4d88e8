import { z } from 'zod';

/*
 * A filter is a small JSON expression over an event's `data`, never code: groups (`all`,
 * `any`, `not`) around conditions `{"path": "order.total.amount", "gte": 1000}`.
 */

/** The operators of a condition; each condition holds exactly one. */
export const filterOperators = [
  'eq',
  'ne',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export type FilterOperator = (typeof filterOperators)[number];

/** Operators that order values: numbers, or date-times compared as instants. */
export const orderingOperators: readonly FilterOperator[] = ['gt', 'gte', 'lt', 'lte'];

const groupKeys = ['all', 'any', 'not'] as const;

/** A value a condition compares with. */
export type FilterScalar = string | number | boolean;

export type FilterCondition =
  | { path: string; eq: FilterScalar }
  | { path: string; ne: FilterScalar }
  | { path: string; in: FilterScalar[] }
  | { path: string; nin: FilterScalar[] }
  | { path: string; gt: number | string }
  | { path: string; gte: number | string }
  | { path: string; lt: number | string }
  | { path: string; lte: number | string }
  | { path: string; exists: boolean };

export type FilterExpression =
  | FilterCondition
  | { all: FilterExpression[] }
  | { any: FilterExpression[] }
  | { not: FilterExpression };

/** Bounds that keep a filter cheap to check and to evaluate for every event. */
export const filterLimits = {
  /** Groups nested in groups: `{"all": [{"not": {"any": [...]}}]}` is 3 deep. */
  maxDepth: 4,
  /** Conditions in the whole expression. */
  maxConditions: 20,
  /** Values of one `in` or `nin` list. */
  maxListValues: 100,
  /** Characters of a compared string. */
  maxStringLength: 500,
  /** Characters of a path. */
  maxPathLength: 200,
} as const;

/** Dot-separated field names, each a plain identifier: no indexes, wildcards or escapes. */
const PATH_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

type Path = (string | number)[];

/** What is wrong with one part of an expression, and where that part is. */
export interface FilterProblem {
  path: Path;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(path: Path, message: string): FilterProblem {
  return { path, message };
}

function scalarIssue(value: unknown, path: Path): FilterProblem | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : issue(path, 'must be a finite number');
  }
  if (typeof value === 'string') {
    return value.length <= filterLimits.maxStringLength
      ? undefined
      : issue(path, `must be at most ${filterLimits.maxStringLength} characters`);
  }
  return issue(path, 'must be a string, a number or a boolean');
}

function operandIssues(operator: FilterOperator, value: unknown, path: Path): FilterProblem[] {
  switch (operator) {
    case 'eq':
    case 'ne': {
      const bad = scalarIssue(value, path);
      return bad === undefined ? [] : [bad];
    }
    case 'in':
    case 'nin': {
      if (!Array.isArray(value) || value.length === 0) {
        return [issue(path, `${operator} takes a non-empty list of values`)];
      }
      if (value.length > filterLimits.maxListValues) {
        return [issue(path, `must list at most ${filterLimits.maxListValues} values`)];
      }
      return value.flatMap((item, index) => scalarIssue(item, [...path, index]) ?? []);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof value === 'number' && Number.isFinite(value)) return [];
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return [];
      return [issue(path, `${operator} takes a number, or an ISO 8601 date-time`)];
    case 'exists':
      return typeof value === 'boolean' ? [] : [issue(path, 'exists takes true or false')];
  }
}

function conditionIssues(node: Record<string, unknown>, path: Path): FilterProblem[] {
  const issues: FilterProblem[] = [];
  const { path: fieldPath } = node;
  if (typeof fieldPath !== 'string' || !PATH_PATTERN.test(fieldPath)) {
    issues.push(
      issue([...path, 'path'], 'must be field names joined by dots, e.g. "order.total.amount"'),
    );
  } else if (fieldPath.length > filterLimits.maxPathLength) {
    issues.push(
      issue([...path, 'path'], `must be at most ${filterLimits.maxPathLength} characters`),
    );
  }
  const keys = Object.keys(node).filter((key) => key !== 'path');
  const unknown = keys.filter((key) => !(filterOperators as readonly string[]).includes(key));
  for (const key of unknown) {
    issues.push(
      issue([...path, key], `unknown operator; use one of ${filterOperators.join(', ')}`),
    );
  }
  const operators = keys.filter((key): key is FilterOperator => !unknown.includes(key));
  if (operators.length === 0 && unknown.length === 0) {
    issues.push(issue(path, `a condition needs one operator: ${filterOperators.join(', ')}`));
  }
  if (operators.length > 1) {
    issues.push(issue(path, `a condition holds one operator, not ${operators.join(' and ')}`));
  }
  for (const operator of operators) {
    issues.push(...operandIssues(operator, node[operator], [...path, operator]));
  }
  return issues;
}

/**
 * Walks an untrusted expression and lists what is wrong with its form, with the path of each
 * bad part. Stops descending past the depth bound, so any input is walked in bounded time.
 */
export function expressionIssues(input: unknown): FilterProblem[] {
  const issues: FilterProblem[] = [];
  let conditions = 0;
  const walk = (node: unknown, path: Path, depth: number): void => {
    if (!isRecord(node)) {
      issues.push(issue(path, 'must be an object: a condition, or a group all, any or not'));
      return;
    }
    if ('path' in node) {
      conditions += 1;
      issues.push(...conditionIssues(node, path));
      return;
    }
    const keys = Object.keys(node);
    const group = keys.find((key) => (groupKeys as readonly string[]).includes(key));
    if (keys.length !== 1 || group === undefined) {
      const found = keys.length === 0 ? 'none' : keys.join(', ');
      issues.push(
        issue(
          path,
          `must be a condition with "path", or hold exactly one of all, any, not (found ${found})`,
        ),
      );
      return;
    }
    if (depth >= filterLimits.maxDepth) {
      issues.push(issue(path, `groups may nest at most ${filterLimits.maxDepth} deep`));
      return;
    }
    const inner = node[group];
    if (group === 'not') {
      walk(inner, [...path, 'not'], depth + 1);
      return;
    }
    if (!Array.isArray(inner) || inner.length === 0) {
      issues.push(issue([...path, group], `${group} takes a non-empty list of expressions`));
      return;
    }
    for (const [index, child] of inner.entries()) {
      if (conditions > filterLimits.maxConditions) break;
      walk(child, [...path, group, index], depth + 1);
    }
  };
  walk(input, [], 0);
  if (conditions > filterLimits.maxConditions) {
    issues.push(issue([], `holds more than ${filterLimits.maxConditions} conditions`));
  }
  return issues;
}

/**
 * The form of a filter expression, checked with the paths of the bad parts. Whether its paths
 * exist and its values fit is checked against the catalog by `catalogIssues`.
 */
export const filterExpression = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const { path, message } of expressionIssues(value)) {
      ctx.addIssue({ code: 'custom', path, message });
    }
  })
  .transform((value) => value as FilterExpression)
  .meta({
    type: 'object',
    description:
      'Conditions on the event `data`: `{"path": "order.total.amount", "gte": 1000}` with one ' +
      'of eq, ne, in, nin, gt, gte, lt, lte, exists, combined by `{"all": [...]}`, ' +
      '`{"any": [...]}` and `{"not": {...}}`. Paths are dot-separated field names of the ' +
      'subscribed event types. A missing field fails every condition but `exists: false`.',
    examples: [
      {
        all: [
          { path: 'order.paymentStatus', in: ['paid', 'refunded'] },
          { path: 'order.total.amount', gte: 1000 },
        ],
      },
    ],
  });
