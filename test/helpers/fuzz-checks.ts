import type { TestPlatform } from './platform';
import type { RawAnswer } from './raw-http';

/** An HTTP answer with its body parsed as JSON, or kept as text when it is not JSON. */
export interface Answer {
  status: number;
  body: unknown;
}

/** Statuses Node's HTTP parser answers itself, with no body, before any hookline code runs. */
const PARSER_REFUSALS = [400, 431];
/** Temporal's visibility store lags behind a start; counts are compared after this wait. */
const VISIBILITY_SETTLE_MS = 1000;
const COUNTED_TABLES = ['events', 'incoming_events', 'subscriptions', 'sources'] as const;

type CountedTable = (typeof COUNTED_TABLES)[number];

/** Workflows on the platform's task queue and rows in the tables that refused input must not grow. */
export interface Ledger {
  workflows: number;
  rows: Record<CountedTable, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `fetch`, answering the status and the body parsed as JSON when it is JSON. */
export async function fetchAnswer(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

/**
 * Asserts a refusal in hookline's error shape, `{error: {code, message, details}}`, with one of
 * the allowed statuses.
 * @throws naming the status and body otherwise, so that fast-check reports them.
 */
export function expectRefused(answer: Answer, statuses: number[]): void {
  if (!statuses.includes(answer.status)) {
    const body = JSON.stringify(answer.body)?.slice(0, 500);
    throw new Error(`expected ${statuses.join(' or ')}, got ${answer.status}: ${body}`);
  }
  expect(answer.body).toEqual({
    error: {
      code: expect.stringMatching(/^[a-z_]+$/),
      message: expect.any(String),
      details: expect.any(Array),
    },
  });
  const { details } = (answer.body as { error: { details: unknown[] } }).error;
  for (const detail of details) {
    expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

/**
 * Like `expectRefused` for an answer read off the wire; a request Node's parser refuses is
 * answered by Node alone, with a bare 400 or 431, which is allowed when the status is.
 */
export function expectRawRefused(answer: RawAnswer, statuses: number[]): void {
  const isJson = answer.headers['content-type']?.startsWith('application/json') === true;
  if (isJson) {
    expectRefused({ status: answer.status, body: JSON.parse(answer.body) as unknown }, statuses);
    return;
  }
  if (!PARSER_REFUSALS.includes(answer.status) || !statuses.includes(answer.status)) {
    throw new Error(`expected ${statuses.join(' or ')}, got ${answer.status}: ${answer.body}`);
  }
  expect(answer.body).toBe('');
}

export async function readLedger(platform: TestPlatform): Promise<Ledger> {
  const query = `TaskQueue = '${platform.config.temporal.taskQueue}'`;
  const { count } = await platform.temporal.workflow.count(query);
  const rows = {} as Record<CountedTable, number>;
  for (const table of COUNTED_TABLES) {
    const row = await platform.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    rows[table] = Number(row.n);
  }
  return { workflows: count, rows };
}

/**
 * Asserts how much the ledger grew since `before`: by default nothing at all. Waits for
 * Temporal's visibility, which lags behind workflow starts.
 */
export async function expectGrowth(
  platform: TestPlatform,
  before: Ledger,
  growth: { workflows?: number; rows?: Partial<Record<CountedTable, number>> } = {},
): Promise<void> {
  const expected: Ledger = {
    workflows: before.workflows + (growth.workflows ?? 0),
    rows: {} as Ledger['rows'],
  };
  for (const table of COUNTED_TABLES) {
    expected.rows[table] = before.rows[table] + (growth.rows?.[table] ?? 0);
  }
  await sleep(VISIBILITY_SETTLE_MS);
  let now = await readLedger(platform);
  for (let tries = 0; now.workflows < expected.workflows && tries < 20; tries += 1) {
    await sleep(250);
    now = await readLedger(platform);
  }

  expect(now).toEqual(expected);
}

/** Asserts that the process still answers `GET /healthz`. */
export async function expectHealthy(platform: TestPlatform): Promise<void> {
  const answer = await fetchAnswer(`${platform.url}/healthz`, {});

  expect(answer).toEqual({ status: 200, body: { status: 'ok' } });
}
