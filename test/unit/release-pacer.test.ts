import { performance } from 'node:perf_hooks';
import { ReleasePacer } from '../../src/deliveries/release-pacer';
import { createLogger } from '../../src/logger';

const logger = createLogger({ level: 'silent', format: 'json' });

/** Jobs that note their name and start time, and a promise of the moment all have started. */
function recorder(total: number) {
  const started: { name: string; at: number }[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const job = (name: string) => async () => {
    started.push({ name, at: performance.now() });
    if (started.length === total) done();
  };
  return { started, all, job };
}

describe('ReleasePacer', () => {
  test('takes the jobs of the subscriptions in turn, so a short queue does not wait behind a long one', async () => {
    const pacer = new ReleasePacer(200, logger);
    const { started, all, job } = recorder(7);
    pacer.add('sub_long', ['a1', 'a2', 'a3', 'a4', 'a5'].map(job));
    pacer.add('sub_short', ['b1', 'b2'].map(job));
    await all;
    // a1 starts at once; sub_short then joins the round behind sub_long.
    expect(started.map((s) => s.name)).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'a4', 'a5']);
  });

  test('starts no more than its rate', async () => {
    const pacer = new ReleasePacer(50, logger);
    const { started, all, job } = recorder(11);
    pacer.add(
      'sub_a',
      Array.from({ length: 11 }, (_, n) => job(`a${n}`)),
    );
    await all;
    // Eleven jobs at 50 a second: ten intervals of 20 ms at least (timers may fire 1 ms early).
    expect(started.at(-1)!.at - started[0]!.at).toBeGreaterThanOrEqual(190);
  });

  test('a failed job is logged and the others still run', async () => {
    const warnings: unknown[] = [];
    const pacer = new ReleasePacer(500, {
      ...logger,
      warn: (o: unknown) => warnings.push(o),
    } as never);
    const { started, all, job } = recorder(2);
    pacer.add('sub_a', [job('a1'), () => Promise.reject(new Error('gone')), job('a3')]);
    await all;
    expect(started.map((s) => s.name)).toEqual(['a1', 'a3']);
    expect(warnings).toHaveLength(1);
  });

  test('after stop it starts nothing more', async () => {
    const pacer = new ReleasePacer(20, logger);
    const { started, job } = recorder(3);
    pacer.add('sub_a', ['a1', 'a2', 'a3'].map(job));
    pacer.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(started.map((s) => s.name)).toEqual(['a1']);
  });
});
