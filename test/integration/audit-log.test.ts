import type { AuditEntryView } from '../../src/cli/api-types';
import { waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { callWith, type TokenAnswer } from '../helpers/token-api';
import { runCli } from './cli-run';

const OPS_TOKEN = 'ops-token-0123456789abcdef';
const VIEWER_TOKEN = 'viewer-token-0123456789ab';

describe('the audit log', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  /** Every secret the API answered during the tests. */
  const secrets: string[] = [];
  /** The action and request id of each change made, in order. */
  const made: { action: string; resourceId: string; requestId: string }[] = [];

  const as = (token: string, method: string, path: string, body?: unknown) =>
    callWith(platform.url, token, method, path, body);

  /** Makes a change as `ops` and remembers what the audit log must say about it. */
  async function change(
    action: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<TokenAnswer> {
    const answer = await as(OPS_TOKEN, method, path, body);
    if (answer.status >= 300) {
      throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    for (const key of ['secret', 'previousSecret']) {
      if (typeof answer.body?.[key] === 'string') secrets.push(answer.body[key] as string);
    }
    const resourceId = (answer.body?.id as string | undefined) ?? path.split('/')[3]!;
    made.push({ action, resourceId, requestId: answer.headers.get('x-request-id')! });
    return answer;
  }

  async function allEntries(query = ''): Promise<AuditEntryView[]> {
    const answer = await as(VIEWER_TOKEN, 'GET', `/v1/audit-log?limit=200${query}`);
    return answer.body.data as AuditEntryView[];
  }

  beforeAll(async () => {
    platform = await startPlatform({
      HOOKLINE_API_TOKENS: `ops:write:${OPS_TOKEN},viewer:read:${VIEWER_TOKEN}`,
    });
    subscriber = await TestSubscriber.start();

    const subscription = await change('subscription.created', 'POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_audit',
    });
    const sub = subscription.body.id as string;
    await change('subscription.updated', 'PATCH', `/v1/subscriptions/${sub}`, {
      description: 'ERP',
    });
    await change('subscription.paused', 'POST', `/v1/subscriptions/${sub}/pause`);
    await change('subscription.resumed', 'POST', `/v1/subscriptions/${sub}/resume`);
    await change('subscription.secret_rotated', 'POST', `/v1/subscriptions/${sub}/rotate-secret`);
    const tested = await change('subscription.tested', 'POST', `/v1/subscriptions/${sub}/test`, {});
    const deliveryId = tested.body.deliveryId as string;
    await waitUntil(async () => {
      const delivery = await platform.api('GET', `/v1/deliveries/${deliveryId}`);
      return delivery.body?.status === 'delivered' ? true : undefined;
    });
    const retried = await as(OPS_TOKEN, 'POST', `/v1/deliveries/${deliveryId}/retry`);
    expect(retried.status).toBe(202);
    made.push({
      action: 'delivery.retried',
      resourceId: deliveryId,
      requestId: retried.headers.get('x-request-id')!,
    });
    await change('subscription.replayed', 'POST', `/v1/subscriptions/${sub}/replay`, {
      status: 'delivered',
    });
    const source = await change('source.created', 'POST', '/v1/sources', {
      name: 'Accounting',
      shopId: 'shop_audit',
      eventTypes: ['ORDER_CREATED'],
    });
    const src = source.body.id as string;
    await change('source.disabled', 'POST', `/v1/sources/${src}/disable`);
    await change('source.enabled', 'POST', `/v1/sources/${src}/enable`);
    await change('source.secret_rotated', 'POST', `/v1/sources/${src}/rotate-secret`);
    await change('source.deleted', 'DELETE', `/v1/sources/${src}`);
    await change('subscription.deleted', 'DELETE', `/v1/subscriptions/${sub}`);
  }, 60_000);

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  test('has one entry per change, newest first, with the actor, resource and request id', async () => {
    const entries = await allEntries();

    expect(entries.map((e) => [e.action, e.resourceId, e.requestId])).toEqual(
      [...made].reverse().map((m) => [m.action, m.resourceId, m.requestId]),
    );
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['ops']));
  });

  test('records the changed fields', async () => {
    const entries = await allEntries();
    const updated = entries.find((e) => e.action === 'subscription.updated')!;
    const paused = entries.find((e) => e.action === 'subscription.paused')!;

    expect(updated.changes).toEqual({ description: 'ERP' });
    expect(updated.resourceType).toBe('subscription');
    expect(paused.changes).toEqual({ status: 'paused' });
  });

  test('holds no secret: neither in the answers nor in the rows of the table', async () => {
    const listed = JSON.stringify(await allEntries());
    const rows = JSON.stringify(await platform.db.selectFrom('audit_log').selectAll().execute());

    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) {
      expect(listed).not.toContain(secret);
      expect(rows).not.toContain(secret);
      expect(listed).not.toContain(secret.replace(/^whsec_/, ''));
    }
  });

  test('records no change that was refused', async () => {
    const before = (await allEntries()).length;

    const invalid = await as(OPS_TOKEN, 'POST', '/v1/subscriptions', { url: 'nope' });
    const forbidden = await as(VIEWER_TOKEN, 'POST', '/v1/sources', {
      name: 'x',
      shopId: 'shop_audit',
      eventTypes: ['ORDER_CREATED'],
    });
    const missing = await as(OPS_TOKEN, 'POST', '/v1/subscriptions/sub_missing/pause');

    expect([invalid.status, forbidden.status, missing.status]).toEqual([422, 403, 404]);
    expect(await allEntries()).toHaveLength(before);
  });

  test('filters by resource id and by actor', async () => {
    const subscriptionId = made[0]!.resourceId;

    const ofSubscription = await allEntries(`&resourceId=${subscriptionId}`);
    const ofViewer = await allEntries('&actor=viewer');

    expect(ofSubscription.length).toBe(made.filter((m) => m.resourceId === subscriptionId).length);
    expect(ofSubscription.every((e) => e.resourceId === subscriptionId)).toBe(true);
    expect(ofViewer).toEqual([]);
  });

  test('pages with limit and cursor through every entry exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;

    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await as(VIEWER_TOKEN, 'GET', `/v1/audit-log?limit=4${query}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...(page.body.data as AuditEntryView[]).map((e) => e.id));
      cursor = page.body.next as string | null;
    } while (cursor !== null);

    expect(seen).toEqual((await allEntries()).map((e) => e.id));
  });

  test('refuses a limit out of range with 422 naming the field', async () => {
    const answer = await as(VIEWER_TOKEN, 'GET', '/v1/audit-log?limit=0');

    expect(answer.status).toBe(422);
    expect(answer.body.error.details[0].path).toBe('limit');
  });

  test('keeps the caller’s x-request-id', async () => {
    const response = await fetch(`${platform.url}/v1/subscriptions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${OPS_TOKEN}`,
        'content-type': 'application/json',
        'x-request-id': 'deploy-42.step-3',
      },
      body: JSON.stringify({ url: subscriber.url, eventTypes: ['ORDER_UPDATED'] }),
    });
    const created = (await response.json()) as { id: string };

    const entries = await allEntries(`&resourceId=${created.id}`);

    expect(response.headers.get('x-request-id')).toBe('deploy-42.step-3');
    expect(entries.map((e) => e.requestId)).toEqual(['deploy-42.step-3']);
  });

  test('hookline audit prints the entries of one resource', async () => {
    const subscriptionId = made[0]!.resourceId;

    const table = await runCli([
      '--url',
      platform.url,
      '--token',
      VIEWER_TOKEN,
      'audit',
      '--resource-id',
      subscriptionId,
    ]);
    const json = await runCli([
      '--url',
      platform.url,
      '--token',
      VIEWER_TOKEN,
      'audit',
      '--actor',
      'ops',
      '--limit',
      '2',
      '--json',
    ]);

    expect(table.code).toBe(0);
    expect(table.stdout).toContain('subscription.paused');
    expect(table.stdout).toContain('ops');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).data).toHaveLength(2);
    expect(json.stderr).toBe('');
  });
});
