import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { createPortalToken } from '../../src/portal/link-token';
import { launchChromium } from '../helpers/chromium';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, TEST_PORTAL_KEY, type TestPlatform } from '../helpers/platform';
import { deliveryInStatus, portalLink } from '../helpers/portal';
import { TestSubscriber } from '../helpers/subscriber';

/** The README shows this picture; every run writes it again. */
const SCREENSHOT_PATH = path.join(PROJECT_ROOT, 'docs/images/portal.png');

/** The cell of a column in the row of one delivery, by the column's header. */
async function cellOf(page: Page, deliveryId: string, header: string): Promise<string> {
  const headers = await page.getByRole('columnheader').allInnerTexts();
  const row = page.getByRole('row').filter({ hasText: deliveryId });
  const cells = await row.getByRole('cell').allInnerTexts();
  return cells[headers.indexOf(header)]?.trim() ?? '';
}

describe('the subscriber portal in a browser', () => {
  let browser: Browser | undefined;
  let platform: TestPlatform | undefined;
  let subscriber: TestSubscriber | undefined;
  let page: Page;
  let failing = true;

  beforeAll(async () => {
    browser = await launchChromium('the portal test');
    platform = await startPlatform({
      HOOKLINE_RETRY_SCHEDULE: '0s,300ms',
      HOOKLINE_RETRY_HORIZON: '1500ms',
    });
    subscriber = await TestSubscriber.start(() =>
      failing ? { status: 500, body: 'database is down' } : undefined,
    );
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await subscriber?.stop();
  });

  beforeEach(() => {
    failing = true;
  });

  test('a subscriber sees a failed delivery, replays it and sees it delivered', async () => {
    const { subscriptionId, deliveryId } = await deliveryInStatus(
      platform!,
      subscriber!.url,
      'shop_portal_ui1',
      'failed',
      { description: 'Accounting app (ERP sync)' },
    );
    await platform!.api('POST', '/v1/events', orderCreatedEvent('shop_portal_ui1'));
    await waitUntil(async () => {
      const path = `/v1/subscriptions/${subscriptionId}/deliveries?status=failed`;
      return (await platform!.api('GET', path)).body.data.length === 2 ? true : undefined;
    });
    const link = await portalLink(platform!, subscriptionId);
    await page.goto(link);
    const failedStatus = await cellOf(page, deliveryId, 'Status');
    failing = false;

    await page
      .getByRole('row')
      .filter({ hasText: deliveryId })
      .getByRole('button', { name: 'Replay' })
      .click();

    const notice = await page.getByRole('status').innerText();
    await waitUntil(async () => {
      await page.reload();
      return (await cellOf(page, deliveryId, 'Status')) === 'delivered' ? true : undefined;
    });
    expect(failedStatus).toBe('failed');
    expect(notice).toContain('The delivery was started again');
    expect(await cellOf(page, deliveryId, 'Attempts and answers')).toMatch(
      /HTTP 500[\s\S]*database is down[\s\S]*HTTP 200/,
    );
    expect(page.url()).toBe(`${link}?done=replayed`);
    await mkdir(path.dirname(SCREENSHOT_PATH), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  test('security: an expired link shows a refusal and nothing of the subscription', async () => {
    const { subscriptionId } = await deliveryInStatus(
      platform!,
      subscriber!.url,
      'shop_portal_ui2',
      'failed',
    );
    const token = createPortalToken(TEST_PORTAL_KEY, {
      subscriptionId,
      expiresAt: new Date(Date.now() - 1000),
    });

    const answer = await page.goto(`${platform!.url}/portal/${token}`);

    expect(answer?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Link expired');
    expect(await page.content()).not.toContain(subscriber!.url);
  });

  test('security: a link whose subscription id was changed is refused', async () => {
    const mine = await deliveryInStatus(platform!, subscriber!.url, 'shop_portal_ui3', 'failed');
    const theirs = await deliveryInStatus(platform!, subscriber!.url, 'shop_portal_ui4', 'failed');
    const link = await portalLink(platform!, mine.subscriptionId);

    const answer = await page.goto(link.replace(mine.subscriptionId, theirs.subscriptionId));

    expect(answer?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Link refused');
  });

  test('security: a replay form aimed at another subscription’s delivery is refused', async () => {
    const mine = await deliveryInStatus(platform!, subscriber!.url, 'shop_portal_ui5', 'failed');
    const theirs = await deliveryInStatus(platform!, subscriber!.url, 'shop_portal_ui6', 'failed');
    await page.goto(await portalLink(platform!, mine.subscriptionId));
    const replay = page.getByRole('row').filter({ hasText: mine.deliveryId }).locator('form');
    await replay.evaluate(
      (element, [own, other]) => {
        // Runs in the page; the test's types have no DOM, so the form is typed by hand.
        const form = element as unknown as { action: string };
        form.action = form.action.replace(own!, other!);
      },
      [mine.deliveryId, theirs.deliveryId],
    );

    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      replay.getByRole('button', { name: 'Replay' }).click(),
    ]);

    expect(answer.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Not found');
    const delivery = await platform!.api('GET', `/v1/deliveries/${theirs.deliveryId}`);
    expect(delivery.body.status).toBe('failed');
  });
});
