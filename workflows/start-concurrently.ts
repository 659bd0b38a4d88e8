/**
 * How many child starts one workflow task issues at most: 200 start commands with their
 * inputs and search attributes stay far below the server's size limit of a task completion.
 */
export const START_BATCH_SIZE = 200;

/**
 * Runs `start` for every item, a batch at a time, all starts of a batch in the same workflow
 * task, so N children cost about N / batch workflow tasks instead of N. Resolves with how
 * many `start` answered true; rejects as soon as a start throws.
 */
export async function startConcurrently<T>(
  items: readonly T[],
  start: (item: T) => Promise<boolean>,
  batchSize = START_BATCH_SIZE,
): Promise<number> {
  let started = 0;
  for (let from = 0; from < items.length; from += batchSize) {
    const outcomes = await Promise.all(items.slice(from, from + batchSize).map(start));
    started += outcomes.filter(Boolean).length;
  }
  return started;
}

/** The starts one after another, as workflows recorded before concurrent starts replay them. */
export async function startOneByOne<T>(
  items: readonly T[],
  start: (item: T) => Promise<boolean>,
): Promise<number> {
  let started = 0;
  for (const item of items) if (await start(item)) started += 1;
  return started;
}
