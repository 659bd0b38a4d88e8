import { startConcurrently, startOneByOne } from '../../workflows/start-concurrently';

/** A start that records how many starts were in flight at once and answers `outcome(item)`. */
function trackedStart(outcome: (item: number) => boolean) {
  const tracker = { inFlight: 0, mostInFlight: 0, order: [] as number[] };
  const start = async (item: number) => {
    tracker.inFlight += 1;
    tracker.mostInFlight = Math.max(tracker.mostInFlight, tracker.inFlight);
    tracker.order.push(item);
    await Promise.resolve();
    tracker.inFlight -= 1;
    return outcome(item);
  };
  return { tracker, start };
}

const items = Array.from({ length: 7 }, (_, i) => i);

describe('startConcurrently', () => {
  test('with a batch of 3, at most 3 starts are in flight and every item is started in order', async () => {
    const { tracker, start } = trackedStart(() => true);

    const started = await startConcurrently(items, start, 3);

    expect({ started, mostInFlight: tracker.mostInFlight, order: tracker.order }).toEqual({
      started: 7,
      mostInFlight: 3,
      order: items,
    });
  });

  test('starts that answer false (already started) are not counted', async () => {
    const { start } = trackedStart((item) => item % 2 === 0);

    const started = await startConcurrently(items, start, 3);

    expect(started).toBe(4);
  });

  test('a start that throws rejects with its error', async () => {
    const start = async (item: number) => {
      if (item === 4) throw new Error('start refused');
      return true;
    };

    const outcome = startConcurrently(items, start, 3);

    await expect(outcome).rejects.toThrow('start refused');
  });
});

describe('startOneByOne', () => {
  test('one start is in flight at a time', async () => {
    const { tracker, start } = trackedStart(() => true);

    const started = await startOneByOne(items, start);

    expect({ started, mostInFlight: tracker.mostInFlight }).toEqual({
      started: 7,
      mostInFlight: 1,
    });
  });
});
