import {
  isAllowedTransition,
  paymentTransitions,
  shippingTransitions,
  type PaymentStatus,
  type ShippingStatus,
} from '../../src/events/statuses';

describe('isAllowedTransition', () => {
  describe('payment', () => {
    test.each<[PaymentStatus, PaymentStatus]>([
      ['pending', 'authorized'],
      ['authorized', 'paid'],
      ['paid', 'refunded'],
      ['failed', 'pending'],
    ])('%s may be followed by %s', (from, to) => {
      const allowed = isAllowedTransition(paymentTransitions, from, to);

      expect(allowed).toBe(true);
    });

    test.each<[PaymentStatus, PaymentStatus]>([
      ['paid', 'pending'],
      ['refunded', 'paid'],
      ['voided', 'paid'],
      ['authorized', 'pending'],
    ])('%s may not be followed by %s', (from, to) => {
      const allowed = isAllowedTransition(paymentTransitions, from, to);

      expect(allowed).toBe(false);
    });

    test.each<PaymentStatus>(['pending', 'paid', 'refunded', 'voided'])(
      '%s may be repeated',
      (status) => {
        const allowed = isAllowedTransition(paymentTransitions, status, status);

        expect(allowed).toBe(true);
      },
    );
  });

  describe('shipping', () => {
    test.each<[ShippingStatus, ShippingStatus]>([
      ['unfulfilled', 'processing'],
      ['processing', 'shipped'],
      ['shipped', 'delivered'],
      ['delivered', 'returned'],
    ])('%s may be followed by %s', (from, to) => {
      const allowed = isAllowedTransition(shippingTransitions, from, to);

      expect(allowed).toBe(true);
    });

    test.each<[ShippingStatus, ShippingStatus]>([
      ['delivered', 'shipped'],
      ['cancelled', 'shipped'],
      ['returned', 'delivered'],
      ['unfulfilled', 'delivered'],
    ])('%s may not be followed by %s', (from, to) => {
      const allowed = isAllowedTransition(shippingTransitions, from, to);

      expect(allowed).toBe(false);
    });

    test.each<ShippingStatus>(['unfulfilled', 'in_transit', 'returned', 'cancelled'])(
      '%s may be repeated',
      (status) => {
        const allowed = isAllowedTransition(shippingTransitions, status, status);

        expect(allowed).toBe(true);
      },
    );
  });
});
