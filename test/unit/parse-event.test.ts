import { eventTypes, type EventType } from '../../src/events/catalog';
import { eventExamples } from '../../src/events/examples';
import { InvalidEventError, parseEvent } from '../../src/events/parse';

function validEvent<T extends EventType>(type: T) {
  return {
    id: 'evt_fixture_1',
    type,
    timestamp: '2026-11-30T09:15:00.000Z',
    data: structuredClone(eventExamples[type]),
  };
}

function refusal(input: unknown): InvalidEventError {
  try {
    parseEvent(input);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected parseEvent to refuse the event');
}

function pathsOf(input: unknown): string[] {
  return refusal(input).details.map((issue) => issue.path);
}

describe('parseEvent', () => {
  test('there is an example for every event type in the catalog', () => {
    const exampleTypes = Object.keys(eventExamples);

    expect(exampleTypes.sort()).toEqual([...eventTypes].sort());
  });

  test.each(eventTypes)('the %s example parses and keeps its data', (type) => {
    const input = validEvent(type);

    const event = parseEvent(input);

    expect(event.type).toBe(type);
    expect(event.data).toEqual(eventExamples[type]);
  });

  test('an event without an id gets a new evt_ id', () => {
    const { id: _id, ...input } = validEvent('ORDER_CREATED');

    const event = parseEvent(input);

    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
  });

  test('a given id is kept', () => {
    const input = validEvent('ORDER_CREATED');

    const event = parseEvent(input);

    expect(event.id).toBe('evt_fixture_1');
  });

  test('an event without a timestamp is stamped with the given time', () => {
    const { timestamp: _timestamp, ...input } = validEvent('ORDER_CREATED');

    const event = parseEvent(input, new Date('2026-12-01T08:00:00.000Z'));

    expect(event.timestamp).toBe('2026-12-01T08:00:00.000Z');
  });

  test('a timestamp with an offset is normalised to ISO UTC', () => {
    const input = { ...validEvent('ORDER_CREATED'), timestamp: '2026-11-30T10:15:00+01:00' };

    const event = parseEvent(input);

    expect(event.timestamp).toBe('2026-11-30T09:15:00.000Z');
  });

  test('a timestamp without a time zone is refused at timestamp', () => {
    const input = { ...validEvent('ORDER_CREATED'), timestamp: '2026-11-30T09:15:00' };

    const paths = pathsOf(input);

    expect(paths).toEqual(['timestamp']);
  });

  test('an unknown type is refused at type', () => {
    const input = { ...validEvent('ORDER_CREATED'), type: 'ORDER_DELETED' };

    const paths = pathsOf(input);

    expect(paths).toEqual(['type']);
  });

  test('a fractional money amount is refused at data.order.total.amount', () => {
    const input = validEvent('ORDER_CREATED');
    input.data.order.total.amount = 99.8;

    const paths = pathsOf(input);

    expect(paths).toEqual(['data.order.total.amount']);
  });

  test('a lower-case currency is refused at data.amount.currency', () => {
    const input = validEvent('PAYMENT_STATUS_UPDATED');
    input.data.amount.currency = 'eur';

    const paths = pathsOf(input);

    expect(paths).toEqual(['data.amount.currency']);
  });

  test('a line currency other than the order currency is refused at that line', () => {
    const input = validEvent('ORDER_CREATED');
    input.data.order.lines[0]!.unitPrice.currency = 'USD';

    const paths = pathsOf(input);

    expect(paths).toEqual(['data.order.lines.0.unitPrice.currency']);
  });

  test('an unknown field in the order is refused at data.order, naming the field', () => {
    const valid = validEvent('ORDER_CREATED');
    const input = { ...valid, data: { order: { ...valid.data.order, giftWrap: true } } };

    const details = refusal(input).details;

    expect(details).toEqual([{ path: 'data.order', message: expect.stringContaining('giftWrap') }]);
  });

  test('an unknown field on the envelope is refused, naming the field', () => {
    const input = { ...validEvent('ORDER_CREATED'), source: 'shop' };

    const details = refusal(input).details;

    expect(details).toEqual([{ path: '(root)', message: expect.stringContaining('source') }]);
  });

  test('the error message lists each bad field with its path', () => {
    const input = validEvent('ORDER_CREATED');
    input.data.order.total.amount = 99.8;

    const error = refusal(input);

    expect(error.message).toMatch(/^invalid event: data\.order\.total\.amount: /);
  });
});
