import { startPlatform, type TestPlatform } from '../helpers/platform';

interface Change {
  id: string;
  status: string;
  updatedAt: string;
}

describe('the changes feed GET /v1/deliveries', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({}, { worker: false });
  });

  afterAll(async () => {
    await platform.stop();
  });

  /** Deliveries of one subscription written as one event's fan-out writes them: one stamp. */
  async function insertDeliveries(prefix: string, count: number, updatedAt: string) {
    const ids = Array.from(
      { length: count },
      (_, i) => `dlv_${prefix}_${String(i).padStart(3, '0')}`,
    );
    await platform.db
      .insertInto('deliveries')
      .values(
        ids.map((id) => ({
          id,
          event_id: `evt_${prefix}`,
          subscription_id: `sub_${prefix}`,
          event_type: 'ORDER_CREATED',
          status: 'pending' as const,
          attempt_count: 0,
          next_attempt_at: null,
          last_error: null,
          status_reason: null,
          created_at: updatedAt,
          updated_at: updatedAt,
        })),
      )
      .execute();
    return ids;
  }

  async function follow(first: string, limit: number) {
    const seen: Change[] = [];
    let query = first;
    for (let page = 0; page < 50; page += 1) {
      const answer = await platform.api('GET', `/v1/deliveries?${query}&limit=${limit}`);
      expect(answer.status).toBe(200);
      seen.push(...(answer.body.data as Change[]));
      if (answer.body.data.length < limit) return seen;
      query = `cursor=${answer.body.next}`;
    }
    throw new Error('the feed did not end within 50 pages');
  }

  test('pages that end among deliveries stamped in the same millisecond skip none and repeat none', async () => {
    const stamp = new Date(Date.now() - 60_000).toISOString();
    const ids = await insertDeliveries('same_ms', 7, stamp);

    const seen = await follow(`since=${new Date(Date.parse(stamp) - 1).toISOString()}`, 2);

    expect(seen.map((d) => d.id)).toEqual(ids);
  });

  test('since includes the changes made at that very millisecond', async () => {
    const stamp = new Date(Date.now() - 50_000).toISOString();
    const ids = await insertDeliveries('at_since', 3, stamp);

    const seen = await follow(`since=${stamp}`, 100);

    expect(seen.map((d) => d.id).filter((id) => ids.includes(id))).toEqual(ids);
  });

  test('a change is listed once it is a second old, and the cursor of an empty page keeps the place', async () => {
    const start = await platform.api('GET', `/v1/deliveries?since=${new Date().toISOString()}`);
    expect(start.body).toEqual({ data: [], next: expect.any(String) });
    const [id] = await insertDeliveries('fresh', 1, new Date().toISOString());

    const atOnce = await platform.api('GET', `/v1/deliveries?cursor=${start.body.next}`);
    expect(atOnce.body.data).toEqual([]);
    expect(atOnce.body.next).toBe(start.body.next);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    const later = await platform.api('GET', `/v1/deliveries?cursor=${atOnce.body.next}`);
    expect(later.body.data.map((d: Change) => d.id)).toEqual([id]);
  });

  test('a cursor hookline did not give out is refused with 422, not answered with a first page', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url')]) {
      const answer = await platform.api('GET', `/v1/deliveries?cursor=${cursor}`);
      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([
        { path: 'cursor', message: expect.stringContaining('not a cursor hookline gave out') },
      ]);
    }
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['ORDER_CREATED'],
    });
    const list = await platform.api(
      'GET',
      `/v1/subscriptions/${created.body.id}/deliveries?cursor=bad`,
    );
    expect(list.status).toBe(422);
    expect(list.body.error.details).toEqual([
      { path: 'cursor', message: expect.stringContaining('not a cursor hookline gave out') },
    ]);
  });

  test('since and cursor together are refused with 422', async () => {
    const start = await platform.api('GET', '/v1/deliveries');
    const answer = await platform.api(
      'GET',
      `/v1/deliveries?since=${new Date().toISOString()}&cursor=${start.body.next}`,
    );
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain('not both');
  });
});
