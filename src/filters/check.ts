import { ValidationError } from '../errors';
import type { EventType } from '../events/catalog';
import type { FilterExpression, FilterProblem, FilterScalar } from './expression';
import { conditionParts, isCondition } from './evaluate';
import { eventFields, type FieldShape } from './fields';

type Path = (string | number)[];

function describe(shape: FieldShape): string {
  if (shape.values !== undefined) return `one of ${shape.values.join(', ')}`;
  if (shape.dateTime === true) return 'a date-time string';
  return { string: 'a string', number: 'a number', boolean: 'true or false' }[
    shape.kind as 'string' | 'number' | 'boolean'
  ];
}

function fitsEquality(shape: FieldShape, value: FilterScalar): boolean {
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string' && (shape.values?.includes(value) ?? true);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return shape.kind === 'other';
  }
}

function fitsOrdering(shape: FieldShape, value: FilterScalar): boolean {
  if (shape.kind === 'other') return true;
  if (shape.kind === 'number') return typeof value === 'number';
  return shape.dateTime === true && typeof value === 'string';
}

/** Why a path names no field of any of the types; a path into a list says so. */
function missingFieldMessage(field: string, eventTypes: EventType[]): string {
  const segments = field.split('.');
  for (let length = 1; length < segments.length; length += 1) {
    const prefix = segments.slice(0, length).join('.');
    if (eventTypes.some((type) => eventFields(type).get(prefix)?.kind === 'list')) {
      return `${prefix} is a list; a path cannot go into the items of a list`;
    }
  }
  return `is not a field of the data of ${eventTypes.join(', ')}`;
}

function conditionProblems(
  condition: Extract<FilterExpression, { path: string }>,
  at: Path,
  eventTypes: EventType[],
): FilterProblem[] {
  const { field, operator, operand } = conditionParts(condition);
  const shapes = eventTypes.flatMap((type) => eventFields(type).get(field) ?? []);
  if (shapes.length === 0) {
    return [{ path: [...at, 'path'], message: missingFieldMessage(field, eventTypes) }];
  }
  if (operator === 'exists') return [];
  const comparable = shapes.filter((shape) => shape.kind !== 'object' && shape.kind !== 'list');
  if (comparable.length === 0) {
    const what = shapes[0]!.kind === 'list' ? 'a list' : 'an object';
    return [
      {
        path: [...at, 'path'],
        message: `${field} is ${what}; compare one of its fields, or use exists`,
      },
    ];
  }
  const ordering = ['gt', 'gte', 'lt', 'lte'].includes(operator);
  const fits = ordering ? fitsOrdering : fitsEquality;
  const values = Array.isArray(operand) ? operand : [operand];
  return values.flatMap((value, index) => {
    if (comparable.some((shape) => fits(shape, value))) return [];
    const where = Array.isArray(operand) ? [...at, operator, index] : [...at, operator];
    const message = ordering
      ? `${operator} compares numbers and date-times; ${field} is ${describe(comparable[0]!)}`
      : `${JSON.stringify(value)} cannot match ${field}, which is ${describe(comparable[0]!)}`;
    return [{ path: where, message }];
  });
}

/**
 * Checks a well-formed expression against the catalog: every path must name a field of at
 * least one of the subscription's event types, and every value must be one that field can
 * hold. Answers the problems, each with the path of its part within the expression.
 */
export function catalogIssues(
  expression: FilterExpression,
  eventTypes: EventType[],
): FilterProblem[] {
  const walk = (node: FilterExpression, at: Path): FilterProblem[] => {
    if (isCondition(node)) return conditionProblems(node, at, eventTypes);
    if ('not' in node) return walk(node.not, [...at, 'not']);
    const [group, children] = 'all' in node ? ['all', node.all] : ['any', node.any];
    return children.flatMap((child, index) => walk(child, [...at, group, index]));
  };
  return walk(expression, []);
}

/**
 * Checks a subscription's filter, if it has one, against its event types.
 * @throws ValidationError naming each bad part with its path from the body, `filter.…`.
 */
export function assertFilterFits(
  filter: FilterExpression | null | undefined,
  eventTypes: EventType[],
): void {
  if (filter === null || filter === undefined) return;
  const problems = catalogIssues(filter, eventTypes);
  if (problems.length === 0) return;
  throw new ValidationError(
    problems.map(({ path, message }) => ({ path: ['filter', ...path].join('.'), message })),
    'The filter does not fit the event types of the subscription.',
  );
}
