import { ValidationError } from '../../src/errors';
import type { EventType } from '../../src/events/catalog';
import { assertFilterFits, type FilterExpression, filterExpression } from '../../src/filters';
import { validate } from '../../src/http/validate';

type Issue = { path: string; message: string };

function refusal(action: () => unknown): Issue[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** The issues of a filter's form, with paths from the body as the API answers them. */
function formIssues(filter: unknown): Issue[] {
  return refusal(() => validate(filterExpression, filter)).map((issue) => ({
    ...issue,
    path: issue.path === '(root)' ? 'filter' : `filter.${issue.path}`,
  }));
}

function catalogIssues(filter: FilterExpression, types: EventType[] = ['ORDER_CREATED']) {
  return refusal(() => assertFilterFits(filter, types));
}

describe('filter validation', () => {
  describe('accepted expressions', () => {
    test('a nested expression over existing fields passes both checks', () => {
      const filter = {
        all: [
          { path: 'order.paymentStatus', in: ['paid', 'refunded'] },
          {
            any: [
              { path: 'order.total.amount', gte: 1000 },
              { not: { path: 'order.microstoreId', exists: true } },
            ],
          },
        ],
      };

      const parsed = validate(filterExpression, filter);

      expect(parsed).toEqual(filter);
      expect(() => assertFilterFits(parsed, ['ORDER_CREATED'])).not.toThrow();
    });

    test('a path of only one of the event types is accepted', () => {
      const filter = { path: 'paymentStatus', eq: 'paid' };

      expect(() =>
        assertFilterFits(filter, ['ORDER_CREATED', 'PAYMENT_STATUS_UPDATED']),
      ).not.toThrow();
    });

    test('a date-time field is ordered by a date-time', () => {
      const filter = { path: 'order.createdAt', gte: '2026-01-01T00:00:00Z' };

      expect(() => assertFilterFits(filter, ['ORDER_CREATED'])).not.toThrow();
    });

    test('an operational event type has filterable fields too', () => {
      const filter = { path: 'eventType', eq: 'ORDER_CREATED' };

      expect(() => assertFilterFits(filter, ['DELIVERY_FAILED'])).not.toThrow();
    });
  });

  describe('the form', () => {
    test('an unknown operator is named with the operators that exist', () => {
      const issues = formIssues({ all: [{ path: 'order.total.amount', gtee: 5 }] });

      expect(issues).toEqual([
        {
          path: 'filter.all.0.gtee',
          message: 'unknown operator; use one of eq, ne, in, nin, gt, gte, lt, lte, exists',
        },
      ]);
    });

    test('a condition without an operator', () => {
      const issues = formIssues({ path: 'order.currency' });

      expect(issues).toEqual([
        {
          path: 'filter',
          message: 'a condition needs one operator: eq, ne, in, nin, gt, gte, lt, lte, exists',
        },
      ]);
    });

    test('a condition with two operators', () => {
      const issues = formIssues({ path: 'order.total.amount', gt: 1, lt: 5 });

      expect(issues).toEqual([
        { path: 'filter', message: 'a condition holds one operator, not gt and lt' },
      ]);
    });

    test('a group with an unknown key', () => {
      const issues = formIssues({ every: [] });

      expect(issues).toEqual([
        {
          path: 'filter',
          message:
            'must be a condition with "path", or hold exactly one of all, any, not (found every)',
        },
      ]);
    });

    test('an empty all', () => {
      expect(formIssues({ all: [] })).toEqual([
        { path: 'filter.all', message: 'all takes a non-empty list of expressions' },
      ]);
    });

    test('a filter that is not an object', () => {
      expect(formIssues('order.total.amount > 5')).toEqual([
        { path: 'filter', message: 'must be an object: a condition, or a group all, any or not' },
      ]);
    });

    test('a path with list indexing', () => {
      expect(formIssues({ path: 'order.lines[0].sku', eq: 'X' })).toEqual([
        {
          path: 'filter.path',
          message: 'must be field names joined by dots, e.g. "order.total.amount"',
        },
      ]);
    });

    test.each([
      [
        'gte with a word',
        { path: 'order.total.amount', gte: 'much' },
        'filter.gte',
        'gte takes a number, or an ISO 8601 date-time',
      ],
      [
        'in with a single value',
        { path: 'order.currency', in: 'EUR' },
        'filter.in',
        'in takes a non-empty list of values',
      ],
      [
        'in with an object in the list',
        { path: 'order.currency', in: ['EUR', {}] },
        'filter.in.1',
        'must be a string, a number or a boolean',
      ],
      [
        'eq with a list',
        { path: 'order.currency', eq: ['EUR'] },
        'filter.eq',
        'must be a string, a number or a boolean',
      ],
      [
        'exists with a string',
        { path: 'order.currency', exists: 'yes' },
        'filter.exists',
        'exists takes true or false',
      ],
    ])('wrong value type: %s', (_name, filter, path, message) => {
      expect(formIssues(filter)).toEqual([{ path, message }]);
    });

    test('groups nested deeper than 4 are refused where the bound is passed', () => {
      const condition = { path: 'order.currency', eq: 'EUR' };
      const filter = { all: [{ any: [{ not: { all: [{ any: [condition] }] } }] }] };

      expect(formIssues(filter)).toEqual([
        { path: 'filter.all.0.any.0.not.all.0', message: 'groups may nest at most 4 deep' },
      ]);
    });

    test('more than 20 conditions are refused', () => {
      const filter = {
        any: Array.from({ length: 21 }, () => ({ path: 'order.currency', eq: 'EUR' })),
      };

      expect(formIssues(filter)).toEqual([
        { path: 'filter', message: 'holds more than 20 conditions' },
      ]);
    });

    test('a list of more than 100 values is refused', () => {
      const filter = { path: 'order.number', in: Array.from({ length: 101 }, (_, i) => String(i)) };

      expect(formIssues(filter)).toEqual([
        { path: 'filter.in', message: 'must list at most 100 values' },
      ]);
    });

    test('a very deep input is answered without walking all of it', () => {
      let filter: unknown = { path: 'order.currency', eq: 'EUR' };
      for (let depth = 0; depth < 5000; depth += 1) filter = { not: filter };

      expect(formIssues(filter)).toEqual([
        { path: 'filter.not.not.not.not', message: 'groups may nest at most 4 deep' },
      ]);
    });
  });

  describe('against the catalog', () => {
    test('a path that no subscribed event type has', () => {
      const issues = catalogIssues({
        all: [
          { path: 'order.total.amount', gte: 1 },
          { path: 'payment.status', eq: 'paid' },
        ],
      });

      expect(issues).toEqual([
        { path: 'filter.all.1.path', message: 'is not a field of the data of ORDER_CREATED' },
      ]);
    });

    test('a field of another event type than the subscribed ones', () => {
      const issues = catalogIssues({ path: 'paymentStatus', eq: 'paid' }, [
        'ORDER_CREATED',
        'MICROSTORE_CLOSED',
      ]);

      expect(issues).toEqual([
        {
          path: 'filter.path',
          message: 'is not a field of the data of ORDER_CREATED, MICROSTORE_CLOSED',
        },
      ]);
    });

    test('a path into a list', () => {
      expect(catalogIssues({ path: 'order.lines.sku', eq: 'JERSEY-M' })).toEqual([
        {
          path: 'filter.path',
          message: 'order.lines is a list; a path cannot go into the items of a list',
        },
      ]);
    });

    test('a comparison with an object field', () => {
      expect(catalogIssues({ path: 'order.total', eq: 5 })).toEqual([
        {
          path: 'filter.path',
          message: 'order.total is an object; compare one of its fields, or use exists',
        },
      ]);
    });

    test('a value outside a closed enumeration', () => {
      const issues = catalogIssues({ path: 'order.paymentStatus', in: ['paid', 'payed'] });

      expect(issues).toEqual([
        {
          path: 'filter.in.1',
          message:
            '"payed" cannot match order.paymentStatus, which is one of pending, authorized, paid, partially_refunded, refunded, failed, voided',
        },
      ]);
    });

    test('a string compared with a number field', () => {
      expect(catalogIssues({ path: 'order.total.amount', eq: '1000' })).toEqual([
        { path: 'filter.eq', message: '"1000" cannot match order.total.amount, which is a number' },
      ]);
    });

    test('an ordering of a field that is neither a number nor a date-time', () => {
      expect(catalogIssues({ path: 'order.currency', gt: 5 })).toEqual([
        {
          path: 'filter.gt',
          message: 'gt compares numbers and date-times; order.currency is a string',
        },
      ]);
    });

    test('a date-time compared with a number', () => {
      expect(catalogIssues({ path: 'order.createdAt', lt: 5 })).toEqual([
        {
          path: 'filter.lt',
          message: 'lt compares numbers and date-times; order.createdAt is a date-time string',
        },
      ]);
    });

    test('exists may name objects and lists', () => {
      expect(() =>
        assertFilterFits({ path: 'order.lines', exists: true }, ['ORDER_CREATED']),
      ).not.toThrow();
    });

    test('the error names the subscription', () => {
      try {
        assertFilterFits({ path: 'nope', eq: 1 }, ['ORDER_CREATED']);
      } catch (error) {
        expect((error as ValidationError).message).toBe(
          'The filter does not fit the event types of the subscription.',
        );
        expect((error as ValidationError).status).toBe(422);
      }
      expect.assertions(2);
    });
  });
});
