export { assertFilterFits, catalogIssues } from './check';
export { describeExpression, evaluateFilter, type FilterOutcome } from './evaluate';
export {
  expressionIssues,
  type FilterExpression,
  filterExpression,
  filterLimits,
  filterOperators,
  type FilterProblem,
} from './expression';
