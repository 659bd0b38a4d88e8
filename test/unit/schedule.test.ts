import { plannedDelayMs } from '../../workflows/schedule';

const schedule = [0, 5_000, 60_000];

describe('plannedDelayMs', () => {
  test('with random 0.5 the delay is exactly the schedule entry', () => {
    const random = () => 0.5;

    const delay = plannedDelayMs(schedule, 1, random);

    expect(delay).toBe(5_000);
  });

  test('with random 0 the delay is 10% shorter than the entry', () => {
    const random = () => 0;

    const delay = plannedDelayMs(schedule, 1, random);

    expect(delay).toBe(4_500);
  });

  test('with random 1 the delay is 10% longer than the entry', () => {
    const random = () => 1;

    const delay = plannedDelayMs(schedule, 1, random);

    expect(delay).toBe(5_500);
  });

  test('past the end of the schedule the last entry repeats', () => {
    const random = () => 0.5;

    const delay = plannedDelayMs(schedule, 7, random);

    expect(delay).toBe(60_000);
  });

  test.each([0, 1])('a zero entry stays zero with random %s', (value) => {
    const random = () => value;

    const delay = plannedDelayMs(schedule, 0, random);

    expect(delay).toBe(0);
  });

  test('the delay is rounded to whole milliseconds', () => {
    const random = () => 0.75;

    const delay = plannedDelayMs([1_234], 0, random);

    expect(delay).toBe(1_296);
  });

  test('an empty schedule gives no delay', () => {
    const random = () => 1;

    const delay = plannedDelayMs([], 3, random);

    expect(delay).toBe(0);
  });
});
