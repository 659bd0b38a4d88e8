import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../src/logger';
import { PROJECT_ROOT } from '../../src/paths';
import { resolveTemporalCli } from '../../src/temporal/cli-path';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { launchChromium } from '../helpers/chromium';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, TEST_CODEC_TOKEN, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import { TestSubscriber } from '../helpers/subscriber';

/** The README shows this picture; every run writes it again. */
const SCREENSHOT_PATH = path.join(PROJECT_ROOT, 'docs/images/temporal-ui-deliveries.png');

/** Swaps the list's run id, type, start and end for hookline's state, attempt and event type. */
async function showHooklineColumns(page: Page): Promise<void> {
  await page.getByTestId('workflows-summary-table-configuration-button').click();
  const drawer = page.locator('#workflows-table-configuration-drawer');
  for (const column of ['Run ID', 'Type', 'Start', 'End']) {
    await drawer.getByRole('button', { name: `Remove ${column} column` }).click();
  }
  for (const column of ['HooklineDeliveryState', 'HooklineAttempt', 'HooklineEventType']) {
    await drawer.getByRole('button', { name: `Add ${column} column` }).click();
  }
  await drawer.getByRole('button', { name: 'Close Workflows Table configuration' }).click();
  await drawer.waitFor({ state: 'hidden' });
  // The navigation is collapsed so that the new columns fit in the screenshot's width.
  await page.getByTitle('Collapse Navigation').click();
}

/**
 * Subscribes the URL to ORDER_CREATED, publishes one, and resolves once the delivery is
 * retrying both in hookline's database and in Temporal's visibility, which the UI reads and
 * which can lag a moment behind.
 */
async function publishFailingDelivery(platform: TestPlatform, url: string) {
  const created = await platform.api('POST', '/v1/subscriptions', {
    url,
    eventTypes: ['ORDER_CREATED'],
    shopId: 'shop_ui1',
  });
  const subscriptionId = created.body.id as string;
  const published = await platform.api('POST', '/v1/events', orderCreatedEvent('shop_ui1'));
  await waitUntil(async () => {
    const deliveries = `/v1/subscriptions/${subscriptionId}/deliveries?status=retrying`;
    const list = await platform.api('GET', deliveries);
    return list.body.data.length > 0 ? true : undefined;
  });
  const bySubscription = `HooklineSubscriptionId = '${subscriptionId}'`;
  const query = `${bySubscription} AND HooklineDeliveryState = 'retrying'`;
  await waitUntil(async () => {
    for await (const _info of platform.temporal.workflow.list({ query })) return true;
    return undefined;
  }, 10_000);
  return { subscriptionId, eventId: published.body.eventId as string };
}

describe('the Temporal UI with a failing delivery', () => {
  const logger = createLogger({ level: 'silent', format: 'json' });
  let browser: Browser | undefined;
  let server: DevServer | undefined;
  let platform: TestPlatform | undefined;
  let subscriber: TestSubscriber | undefined;
  let page: Page;
  let subscriberUrl: string;
  let subscriptionId: string;
  let eventId: string;
  let workflowId: string;
  let listUrl: string;

  // A second dev server with its UI, a worker and a browser: slow to start on a busy machine.
  beforeAll(async () => {
    browser = await launchChromium('the Temporal UI test');
    // Payloads (summaries and details among them) are encrypted: the UI shows them through
    // the platform's codec endpoint, so the platform's port is chosen before the UI starts.
    const apiPort = await freePort();
    const uiPort = await freePort();
    server = await startDevServer({
      cli: await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, logger),
      port: await freePort(),
      uiPort,
      dbFile: undefined,
      namespace: 'default',
      logger,
      uiCodecEndpoint: `http://127.0.0.1:${apiPort}/codec/${TEST_CODEC_TOKEN}`,
    });
    platform = await startPlatform({
      PORT: String(apiPort),
      TEMPORAL_ADDRESS: server.address,
      HOOKLINE_RETRY_SCHEDULE: '0s,1h',
      HOOKLINE_CODEC_CORS_ORIGINS: `http://127.0.0.1:${uiPort}`,
    });
    subscriber = await TestSubscriber.start(() => ({ status: 503, body: 'down for maintenance' }));
    subscriberUrl = subscriber.url;
    ({ subscriptionId, eventId } = await publishFailingDelivery(platform, subscriberUrl));
    workflowId = `delivery:${eventId}:${subscriptionId}`;
    const uiQuery = encodeURIComponent(`HooklineSubscriptionId="${subscriptionId}"`);
    listUrl = `${server.uiUrl}/namespaces/default/workflows?query=${uiQuery}`;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await subscriber?.stop();
    await server?.stop();
  });

  test('the list filtered by its subscription id shows the delivery as retrying after one attempt', async () => {
    await page.goto(listUrl);
    await showHooklineColumns(page);

    const rows = page.getByRole('row').filter({ hasText: 'delivery:' });
    await rows.first().waitFor();
    const headers = await page.getByRole('columnheader').allInnerTexts();
    const cells = await rows.first().getByRole('cell').allInnerTexts();
    const byColumn = Object.fromEntries(
      headers.map((header, i) => [header.trim(), cells[i]?.trim()]),
    );
    await mkdir(path.dirname(SCREENSHOT_PATH), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_PATH });

    expect(await rows.count()).toBe(1);
    expect(byColumn).toMatchObject({
      Status: 'RUNNING',
      'Workflow ID': workflowId,
      HooklineDeliveryState: 'retrying',
      HooklineAttempt: '1',
      HooklineEventType: 'ORDER_CREATED',
    });
  });

  test('the delivery page shows its summary and, as current details, that it is retrying', async () => {
    await page.goto(listUrl);
    await page.getByRole('link', { name: workflowId }).click();
    await page.getByRole('tab', { name: 'User Metadata' }).click();

    const summary = await page.frameLocator('#user-metadata-summary').locator('main p').innerText();
    const details = await page
      .frameLocator('#user-metadata-current-details')
      .locator('main')
      .innerText();

    expect(summary).toBe(
      `Deliver ORDER_CREATED ${eventId} to ${subscriberUrl} (${subscriptionId})`,
    );
    expect(details).toContain('retrying after 1 attempt');
    expect(details).toContain('last error: HTTP 503');
    expect(details).toMatch(/next attempt: \d{4}-\d\d-\d\dT/);
  });
});
