import { createPortalToken } from '../../src/portal/link-token';
import { waitUntil } from '../helpers/fixtures';
import { startPlatform, TEST_PORTAL_KEY, type TestPlatform } from '../helpers/platform';
import { deliveryInStatus, portalLink } from '../helpers/portal';
import { TestSubscriber } from '../helpers/subscriber';

interface Page {
  status: number;
  headers: Headers;
  text: string;
}

async function open(url: string): Promise<Page> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function submit(
  url: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Page> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the subscriber portal', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  let failing = true;

  beforeAll(async () => {
    platform = await startPlatform({
      HOOKLINE_RETRY_SCHEDULE: '0s,300ms',
      HOOKLINE_RETRY_HORIZON: '1500ms',
    });
    subscriber = await TestSubscriber.start(() =>
      failing ? { status: 500, body: 'subscriber broken' } : undefined,
    );
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  beforeEach(() => {
    failing = true;
  });

  const subscription = (id: string) => platform.api('GET', `/v1/subscriptions/${id}`);
  const auditOf = async (id: string) =>
    (await platform.api('GET', `/v1/audit-log?resourceId=${id}&limit=50`)).body.data as {
      actor: string;
      action: string;
    }[];

  describe('POST /v1/subscriptions/:id/portal-links', () => {
    test('answers a link into the portal that expires in one hour by default', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pl1',
        'failed',
      );

      const created = await platform.api(
        'POST',
        `/v1/subscriptions/${subscriptionId}/portal-links`,
      );

      expect(created.status).toBe(201);
      expect(created.body.url).toMatch(/\/portal\/p1\.[A-Za-z0-9_.-]+$/);
      const lifetimeMs = Date.parse(created.body.expiresAt) - Date.now();
      expect(lifetimeMs).toBeGreaterThan(59 * 60_000);
      expect(lifetimeMs).toBeLessThanOrEqual(60 * 60_000);
    });

    test.each([['8d'], ['30s'], ['soon']])(
      'an expiresIn of %s is refused with 422',
      async (expiresIn) => {
        const { subscriptionId } = await deliveryInStatus(
          platform,
          subscriber.url,
          'shop_pl2',
          'failed',
        );

        const created = await platform.api(
          'POST',
          `/v1/subscriptions/${subscriptionId}/portal-links`,
          { expiresIn },
        );

        expect(created.status).toBe(422);
        expect(created.body.error.details[0].path).toBe('expiresIn');
      },
    );

    test('a link for an unknown subscription is refused with 404', async () => {
      const created = await platform.api('POST', '/v1/subscriptions/sub_nope/portal-links', {});

      expect(created.status).toBe(404);
    });
  });

  describe('the page', () => {
    test('shows the endpoint, its status and a failed delivery with each attempt’s answer', async () => {
      const { subscriptionId, deliveryId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pp1',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const page = await open(link);

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain(subscriber.url);
      expect(page.text).toContain('ORDER_CREATED');
      expect(page.text).toContain('status-active');
      expect(page.text).toContain(deliveryId);
      expect(page.text).toMatch(/status-failed">failed</);
      expect(page.text).toContain('HTTP 500');
      expect(page.text).toContain('subscriber broken');
      expect(page.text).toContain(`/deliveries/${deliveryId}/replay`);
    });

    test('carries headers that keep the link out of caches, referrers and frames', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pp2',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const page = await open(link);

      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
    });

    test('security: a hostile description and URL are shown as text', async () => {
      const hostile = '"><script>alert(1)</script><b id="x">';
      const { subscriptionId } = await deliveryInStatus(
        platform,
        `${subscriber.url}?q="><b>bold</b>`,
        'shop_pp3',
        'failed',
        { description: hostile },
      );
      const link = await portalLink(platform, subscriptionId);

      const page = await open(link);

      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>');
      expect(page.text).not.toContain('<b>bold');
      expect(page.text).not.toContain('<b id');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text).toContain('q=&quot;&gt;&lt;b&gt;bold&lt;/b&gt;');
    });
  });

  describe('refused links', () => {
    test('security: an expired link answers 401 with a page that shows no data', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pr1',
        'failed',
      );
      const token = createPortalToken(TEST_PORTAL_KEY, {
        subscriptionId,
        expiresAt: new Date(Date.now() - 1000),
      });

      const page = await open(`${platform.url}/portal/${token}`);

      expect(page.status).toBe(401);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('This link has expired');
      expect(page.text).not.toContain(subscriptionId);
      expect(page.text).not.toContain(subscriber.url);
      expect(page.headers.get('cache-control')).toBe('no-store');
    });

    test('security: a link whose subscription id was changed answers 403', async () => {
      const first = await deliveryInStatus(platform, subscriber.url, 'shop_pr2', 'failed');
      const second = await deliveryInStatus(platform, subscriber.url, 'shop_pr3', 'failed');
      const link = await portalLink(platform, first.subscriptionId);

      const page = await open(link.replace(first.subscriptionId, second.subscriptionId));

      expect(page.status).toBe(403);
      expect(page.text).toContain('This link is not valid');
      expect(page.text).not.toContain(subscriber.url);
    });

    test('security: a link with a changed signature answers 403, also for a form post', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pr4',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);
      const tampered = link.slice(0, -2) + (link.endsWith('AA') ? 'BB' : 'AA');

      const page = await open(tampered);
      const paused = await submit(`${tampered}/pause`);

      expect(page.status).toBe(403);
      expect(paused.status).toBe(403);
      expect((await subscription(subscriptionId)).body.status).toBe('active');
    });

    test('security: a link signed with another key answers 403', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pr5',
        'failed',
      );
      const token = createPortalToken(`${TEST_PORTAL_KEY}-other`, {
        subscriptionId,
        expiresAt: new Date(Date.now() + 60_000),
      });

      const page = await open(`${platform.url}/portal/${token}`);

      expect(page.status).toBe(403);
    });

    test('a link of a deleted subscription answers 404', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pr6',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);
      await platform.api('DELETE', `/v1/subscriptions/${subscriptionId}`);

      const page = await open(link);

      expect(page.status).toBe(404);
      expect(page.text).not.toContain(subscriber.url);
    });

    test('an unknown page under a link answers 404 as a page, without the token', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pr7',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const page = await open(`${link}/nothing-here`);

      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).not.toContain(new URL(link).pathname.split('/')[2]);
    });
  });

  describe('actions', () => {
    test('replaying a failed delivery delivers it, recorded with the portal as the actor', async () => {
      const { subscriptionId, deliveryId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa1',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);
      failing = false;

      const answer = await submit(`${link}/deliveries/${deliveryId}/replay`);

      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe(`${new URL(link).pathname}?done=replayed`);
      await waitUntil(async () => {
        const delivery = await platform.api('GET', `/v1/deliveries/${deliveryId}`);
        return delivery.body.status === 'delivered' ? true : undefined;
      });
      const page = await open(`${link}?done=replayed`);
      expect(page.text).toContain('The delivery was started again');
      expect(page.text).toMatch(/status-delivered">delivered</);
      expect(await auditOf(deliveryId)).toContainEqual(
        expect.objectContaining({ actor: 'portal', action: 'delivery.retried' }),
      );
    });

    test('security: a delivery of another subscription is not replayed: 404', async () => {
      const mine = await deliveryInStatus(platform, subscriber.url, 'shop_pa2', 'failed');
      const theirs = await deliveryInStatus(platform, subscriber.url, 'shop_pa3', 'failed');
      const link = await portalLink(platform, mine.subscriptionId);

      const answer = await submit(`${link}/deliveries/${theirs.deliveryId}/replay`);

      expect(answer.status).toBe(404);
      const delivery = await platform.api('GET', `/v1/deliveries/${theirs.deliveryId}`);
      expect(delivery.body.status).toBe('failed');
      expect(await auditOf(theirs.deliveryId)).toEqual([]);
    });

    test('a delivery still in progress is not replayed: 409 as a page', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa4',
        'failed',
      );
      await platform.api('POST', `/v1/subscriptions/${subscriptionId}/pause`);
      const test = await platform.api('POST', `/v1/subscriptions/${subscriptionId}/test`, {});
      const link = await portalLink(platform, subscriptionId);
      await waitUntil(async () => {
        const delivery = await platform.api('GET', `/v1/deliveries/${test.body.deliveryId}`);
        return delivery.body.status === 'held' ? true : undefined;
      });

      const answer = await submit(`${link}/deliveries/${test.body.deliveryId}/replay`);

      expect(answer.status).toBe(409);
      expect(answer.text).toContain('still held');
    });

    test('pause and resume change the status, recorded with the portal as the actor', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa5',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const paused = await submit(`${link}/pause`);
      const whilePaused = (await subscription(subscriptionId)).body;
      const resumed = await submit(`${link}/resume`);

      expect(paused.status).toBe(303);
      expect(whilePaused.status).toBe('paused');
      expect(whilePaused.statusReason).toBe('paused by subscriber');
      expect(resumed.status).toBe(303);
      expect((await subscription(subscriptionId)).body.status).toBe('active');
      const actions = (await auditOf(subscriptionId)).filter((entry) => entry.actor === 'portal');
      expect(actions.map((entry) => entry.action).sort()).toEqual([
        'subscription.paused',
        'subscription.resumed',
      ]);
    });

    test('a test event is delivered to the subscription alone', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa6',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);
      failing = false;

      const answer = await submit(`${link}/test`, { type: 'ORDER_CREATED' });

      expect(answer.status).toBe(303);
      const delivered = await waitUntil(async () => {
        const list = await platform.api(
          'GET',
          `/v1/subscriptions/${subscriptionId}/deliveries?status=delivered`,
        );
        return list.body.data[0] as { eventId: string } | undefined;
      });
      expect(delivered.eventId).toMatch(/^evt_test_/);
    });

    test('a test event of a type the subscription does not take is refused: 422 as a page', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa7',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(`${link}/test`, { type: 'MICROSTORE_CLOSED' });
      const unknown = await submit(`${link}/test`, { type: 'NO_SUCH_TYPE' });

      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.text).toContain('type: must be one of the subscription');
      expect(unknown.status).toBe(422);
    });

    test('rotating the secret shows the new secret once, and deliveries are signed with it', async () => {
      const { subscriptionId, secret } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa8',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(`${link}/rotate-secret`);

      expect(answer.status).toBe(200);
      const shown = /(whsec_[A-Za-z0-9+/=]+)/.exec(answer.text)?.[1];
      expect(shown).toBeDefined();
      expect(shown).not.toBe(secret);
      expect((await open(link)).text).not.toContain(shown!);
      expect(await auditOf(subscriptionId)).toContainEqual(
        expect.objectContaining({ actor: 'portal', action: 'subscription.secret_rotated' }),
      );
    });

    test('security: a form posted from another site is refused with 403', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa9',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(`${link}/pause`, {}, { origin: 'https://evil.example' });

      expect(answer.status).toBe(403);
      expect(answer.text).toContain('another site');
      expect((await subscription(subscriptionId)).body.status).toBe('active');
    });

    test('security: a form the browser marks as cross-site is refused with 403', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa11',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(`${link}/pause`, {}, { 'sec-fetch-site': 'cross-site' });

      expect(answer.status).toBe(403);
      expect((await subscription(subscriptionId)).body.status).toBe('active');
    });

    test('a form of the portal itself, with Origin null under no-referrer, is accepted', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa12',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(
        `${link}/pause`,
        {},
        { origin: 'null', 'sec-fetch-site': 'same-origin' },
      );

      expect(answer.status).toBe(303);
    });

    test('a form posted from the portal’s own origin is accepted', async () => {
      const { subscriptionId } = await deliveryInStatus(
        platform,
        subscriber.url,
        'shop_pa10',
        'failed',
      );
      const link = await portalLink(platform, subscriptionId);

      const answer = await submit(`${link}/pause`, {}, { origin: new URL(link).origin });

      expect(answer.status).toBe(303);
    });
  });
});
