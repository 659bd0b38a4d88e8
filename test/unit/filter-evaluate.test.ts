import { eventExamples } from '../../src/events/examples';
import { evaluateFilter, type FilterExpression } from '../../src/filters';

const order = eventExamples.ORDER_CREATED;

function matches(expression: FilterExpression, data: unknown = order): boolean {
  return evaluateFilter(expression, data).matched;
}

function reasonFor(expression: FilterExpression, data: unknown = order): string {
  const outcome = evaluateFilter(expression, data);
  if (outcome.matched) throw new Error('expected the filter not to match');
  return outcome.reason;
}

describe('evaluateFilter', () => {
  describe('each operator, matching and not', () => {
    test.each<[string, FilterExpression, boolean]>([
      ['eq on an equal string', { path: 'order.currency', eq: 'EUR' }, true],
      ['eq on another string', { path: 'order.currency', eq: 'USD' }, false],
      ['eq does not convert types', { path: 'order.number', eq: 1001 }, false],
      ['ne on another value', { path: 'order.paymentStatus', ne: 'paid' }, true],
      ['ne on the same value', { path: 'order.paymentStatus', ne: 'pending' }, false],
      ['in with the value listed', { path: 'order.paymentStatus', in: ['pending', 'paid'] }, true],
      ['in without it', { path: 'order.paymentStatus', in: ['paid', 'refunded'] }, false],
      ['nin without the value', { path: 'order.paymentStatus', nin: ['paid', 'refunded'] }, true],
      ['nin with it', { path: 'order.paymentStatus', nin: ['pending'] }, false],
      ['gt above', { path: 'order.total.amount', gt: 9979 }, true],
      ['gt at the bound', { path: 'order.total.amount', gt: 9980 }, false],
      ['gte at the bound', { path: 'order.total.amount', gte: 9980 }, true],
      ['gte below', { path: 'order.total.amount', gte: 9981 }, false],
      ['lt below', { path: 'order.total.amount', lt: 9981 }, true],
      ['lt at the bound', { path: 'order.total.amount', lt: 9980 }, false],
      ['lte at the bound', { path: 'order.total.amount', lte: 9980 }, true],
      ['lte above', { path: 'order.total.amount', lte: 9979 }, false],
      ['exists true on a present field', { path: 'order.microstoreId', exists: true }, true],
      ['exists false on a present field', { path: 'order.microstoreId', exists: false }, false],
      ['exists true on an object', { path: 'order.shippingAddress', exists: true }, true],
    ])('%s', (_name, expression, expected) => {
      expect(matches(expression)).toBe(expected);
    });
  });

  describe('date-times', () => {
    test('ordering operators compare date-times as instants, whatever their offset', () => {
      const later = { path: 'order.createdAt', gt: '2026-11-30T10:00:00+02:00' };

      expect(matches(later)).toBe(true);
    });

    test('a date-time before the value fails gte', () => {
      const expression = { path: 'order.createdAt', gte: '2026-12-01T00:00:00Z' };

      expect(matches(expression)).toBe(false);
    });

    test('a number and a string are not ordered: the condition fails', () => {
      const expression = { path: 'order.currency', gt: 5 };

      expect(matches(expression)).toBe(false);
    });
  });

  describe('groups', () => {
    const paid = { path: 'order.paymentStatus', eq: 'paid' };
    const big = { path: 'order.total.amount', gte: 1000 };

    test('all matches when every part matches', () => {
      expect(matches({ all: [big, { path: 'order.currency', eq: 'EUR' }] })).toBe(true);
    });

    test('all fails on its first failing part, and says which', () => {
      const reason = reasonFor({ all: [big, paid] });

      expect(reason).toBe('order.paymentStatus eq "paid" was false (value "pending")');
    });

    test('any matches when one part matches', () => {
      expect(matches({ any: [paid, big] })).toBe(true);
    });

    test('any fails when no part matches, and gives each reason', () => {
      const reason = reasonFor({ any: [paid, { path: 'order.total.amount', gt: 10_000 }] });

      expect(reason).toBe(
        'none of any matched: order.paymentStatus eq "paid" was false (value "pending"); ' +
          'order.total.amount gt 10000 was false (value 9980)',
      );
    });

    test('not inverts a condition', () => {
      expect(matches({ not: paid })).toBe(true);
    });

    test('not fails when its part matches, and says so', () => {
      const reason = reasonFor({ not: big });

      expect(reason).toBe(
        'not (order.total.amount gte 1000) was false, as the inner part matched (value 9980)',
      );
    });

    test('groups nest', () => {
      const expression = {
        all: [{ any: [paid, { not: { path: 'order.currency', eq: 'USD' } }] }, big],
      };

      expect(matches(expression)).toBe(true);
    });
  });

  describe('missing fields', () => {
    const withoutMicrostore = { order: { ...order.order, microstoreId: undefined } };

    test.each<[string, FilterExpression]>([
      ['eq', { path: 'order.microstoreId', eq: 'ms_1' }],
      ['ne', { path: 'order.microstoreId', ne: 'ms_1' }],
      ['in', { path: 'order.microstoreId', in: ['ms_1'] }],
      ['nin', { path: 'order.microstoreId', nin: ['ms_1'] }],
      ['gt', { path: 'order.version', gt: 0 }],
      ['exists true', { path: 'order.microstoreId', exists: true }],
    ])('a missing field fails %s', (_name, expression) => {
      const data = { order: { ...withoutMicrostore.order, version: undefined } };

      expect(matches(expression, data)).toBe(false);
    });

    test('a missing field passes exists: false', () => {
      expect(matches({ path: 'order.microstoreId', exists: false }, withoutMicrostore)).toBe(true);
    });

    test('the reason says the field is missing', () => {
      const reason = reasonFor({ path: 'order.microstoreId', ne: 'ms_1' }, withoutMicrostore);

      expect(reason).toBe('order.microstoreId ne "ms_1" was false (field missing)');
    });

    test('a field of another event type is missing here', () => {
      const data = eventExamples.PAYMENT_STATUS_UPDATED;

      expect(matches({ path: 'order.total.amount', lt: 1_000_000 }, data)).toBe(false);
    });

    test('null counts as missing', () => {
      expect(matches({ path: 'a', exists: false }, { a: null })).toBe(true);
    });
  });

  describe('safety', () => {
    test('a path does not reach inherited properties', () => {
      expect(matches({ path: 'order.constructor', exists: true })).toBe(false);
    });

    test('a path does not go into lists', () => {
      expect(matches({ path: 'order.lines.sku', exists: true })).toBe(false);
    });

    test('a comparison with an object fails instead of converting it', () => {
      expect(matches({ path: 'order.total', eq: '[object Object]' })).toBe(false);
    });

    test('data that is not an object leaves every field missing', () => {
      expect(matches({ path: 'order', exists: false }, 'text')).toBe(true);
    });

    test('a long reason is cut to 1000 characters', () => {
      const long = 'x'.repeat(400);
      const expression = {
        any: Array.from({ length: 20 }, () => ({ path: 'order.currency', eq: long })),
      };

      expect(reasonFor(expression).length).toBe(1000);
    });
  });
});
