import {
  type FilterCondition,
  type FilterExpression,
  type FilterOperator,
  filterOperators,
  type FilterScalar,
} from './expression';

/** Whether an event's data passed a filter; when not, the reason the delivery log keeps. */
export type FilterOutcome = { matched: true } | { matched: false; reason: string };

/** Longest reason kept; a filter of twenty failing conditions is cut here. */
const MAX_REASON_CHARS = 1000;
/** Longest value quoted in a reason. */
const MAX_VALUE_CHARS = 80;

export function isCondition(node: FilterExpression): node is FilterCondition {
  return 'path' in node;
}

/** The field, the one operator and its operand of a well-formed condition. */
export function conditionParts(condition: FilterCondition): {
  field: string;
  operator: FilterOperator;
  operand: FilterScalar | FilterScalar[];
} {
  const operator = filterOperators.find((op) => Object.hasOwn(condition, op))!;
  const operand = (condition as Record<string, unknown>)[operator] as FilterScalar | FilterScalar[];
  return { field: condition.path, operator, operand };
}

type Lookup = { found: true; value: unknown } | { found: false };

/**
 * Reads a dotted path from the data. Only own properties of plain objects are followed, so a
 * path never reaches prototypes or list items; `null` counts as missing.
 */
function lookup(data: unknown, field: string): Lookup {
  let current: unknown = data;
  for (const name of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return { found: false };
    }
    if (!Object.hasOwn(current, name)) return { found: false };
    current = (current as Record<string, unknown>)[name];
  }
  return current === undefined || current === null
    ? { found: false }
    : { found: true, value: current };
}

function isScalar(value: unknown): value is FilterScalar {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

/** Numbers by value; date-time strings as instants; anything else is not ordered. */
function order(value: unknown, operand: FilterScalar): number | undefined {
  if (typeof value === 'number' && typeof operand === 'number') return value - operand;
  if (typeof value === 'string' && typeof operand === 'string') {
    const left = Date.parse(value);
    const right = Date.parse(operand);
    if (!Number.isNaN(left) && !Number.isNaN(right)) return left - right;
  }
  return undefined;
}

function compare(operator: FilterOperator, value: unknown, operand: unknown): boolean {
  if (!isScalar(value)) return false;
  switch (operator) {
    case 'eq':
      return value === operand;
    case 'ne':
      return value !== operand;
    case 'in':
      return (operand as FilterScalar[]).includes(value);
    case 'nin':
      return !(operand as FilterScalar[]).includes(value);
    case 'exists':
      return operand === true;
    default: {
      const difference = order(value, operand as FilterScalar);
      if (difference === undefined) return false;
      if (operator === 'gt') return difference > 0;
      if (operator === 'gte') return difference >= 0;
      if (operator === 'lt') return difference < 0;
      return difference <= 0;
    }
  }
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS)}…`;
}

/** A compact, readable form of an expression, for reasons. */
export function describeExpression(node: FilterExpression): string {
  if (isCondition(node)) {
    const { field, operator, operand } = conditionParts(node);
    return `${field} ${operator} ${quote(operand)}`;
  }
  if ('not' in node) return `not (${describeExpression(node.not)})`;
  const [group, children] = 'all' in node ? ['all', node.all] : ['any', node.any];
  return `${group} (${children.map(describeExpression).join(', ')})`;
}

/** What the data held at a condition's path, as a reason states it. */
function observed(condition: FilterCondition, data: unknown): string {
  const found = lookup(data, condition.path);
  return found.found ? `(value ${quote(found.value)})` : '(field missing)';
}

function evaluateNode(node: FilterExpression, data: unknown): FilterOutcome {
  if (isCondition(node)) {
    const { field, operator, operand } = conditionParts(node);
    const found = lookup(data, field);
    const matched =
      operator === 'exists'
        ? found.found === operand
        : found.found && compare(operator, found.value, operand);
    if (matched) return { matched: true };
    return {
      matched: false,
      reason: `${describeExpression(node)} was false ${observed(node, data)}`,
    };
  }
  if ('not' in node) {
    if (!evaluateNode(node.not, data).matched) return { matched: true };
    const inner = describeExpression(node.not);
    const value = isCondition(node.not) ? ` ${observed(node.not, data)}` : '';
    return {
      matched: false,
      reason: `not (${inner}) was false, as the inner part matched${value}`,
    };
  }
  if ('all' in node) {
    for (const child of node.all) {
      const outcome = evaluateNode(child, data);
      if (!outcome.matched) return outcome;
    }
    return { matched: true };
  }
  const reasons: string[] = [];
  for (const child of node.any) {
    const outcome = evaluateNode(child, data);
    if (outcome.matched) return outcome;
    reasons.push(outcome.reason);
  }
  return { matched: false, reason: `none of any matched: ${reasons.join('; ')}` };
}

/**
 * Evaluates a filter on an event's data. Total: any data, even data of another shape than
 * the filter was checked against, gives an outcome and never throws. A missing field fails
 * every condition except `exists: false`.
 */
export function evaluateFilter(expression: FilterExpression, data: unknown): FilterOutcome {
  const outcome = evaluateNode(expression, data);
  if (outcome.matched || outcome.reason.length <= MAX_REASON_CHARS) return outcome;
  return { matched: false, reason: `${outcome.reason.slice(0, MAX_REASON_CHARS - 1)}…` };
}
