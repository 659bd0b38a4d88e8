import { parseRetryAfter } from '../../activities/http-post';

const now = new Date('2026-01-01T00:00:00.000Z');

describe('parseRetryAfter', () => {
  test('a number of seconds becomes milliseconds', () => {
    const value = '120';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBe(120_000);
  });

  test('seconds with surrounding spaces are read', () => {
    const value = ' 7 ';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBe(7_000);
  });

  test('an HTTP date becomes the time until that date', () => {
    const value = 'Thu, 01 Jan 2026 00:01:30 GMT';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBe(90_000);
  });

  test('an HTTP date in the past becomes zero', () => {
    const value = 'Wed, 31 Dec 2025 23:59:00 GMT';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBe(0);
  });

  test('text that is neither seconds nor a date gives null', () => {
    const value = 'soon';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBeNull();
  });

  test('an absent header gives null', () => {
    const value = undefined;

    const delay = parseRetryAfter(value, now);

    expect(delay).toBeNull();
  });

  test('a blank header gives null', () => {
    const value = '  ';

    const delay = parseRetryAfter(value, now);

    expect(delay).toBeNull();
  });

  test('of a repeated header the first value is read', () => {
    const value = ['30', '60'];

    const delay = parseRetryAfter(value, now);

    expect(delay).toBe(30_000);
  });
});

describe('parseRetryAfter with values that are neither seconds nor an HTTP date', () => {
  test.each(['1.5', '-5', 'hello 5'])('"%s" is unreadable and answers null', (value) => {
    expect(parseRetryAfter(value, new Date('2026-12-03T12:00:00Z'))).toBeNull();
  });
});
