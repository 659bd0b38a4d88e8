import { createHash } from 'node:crypto';
import { escapeHtml, html } from '../../src/portal/html';
import { PORTAL_HEADERS } from '../../src/portal/layout';
import { messagePage, subscriptionPage } from '../../src/portal/pages';
import type { Subscription } from '../../src/store/subscriptions';

const HOSTILE = `"><script>alert('x')</script><img src=x onerror=alert(1)>&amp;\``;

function subscription(changes: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_a1',
    url: 'https://example.com/hook',
    eventTypes: ['ORDER_CREATED'],
    shopId: null,
    description: null,
    status: 'active',
    statusReason: null,
    timeoutMs: null,
    retryHorizonMs: null,
    appId: null,
    filter: null,
    ordering: 'none',
    rateLimitPerSecond: null,
    maxInFlight: null,
    throttledUntil: null,
    createdAt: '2026-12-04T12:00:00.000Z',
    updatedAt: '2026-12-04T12:00:00.000Z',
    ...changes,
  };
}

describe('escapeHtml', () => {
  test('every character that can end text or an attribute is escaped', () => {
    const escaped = escapeHtml(`<>&"'\``);

    expect(escaped).toBe('&lt;&gt;&amp;&quot;&#39;&#96;');
  });
});

describe('html', () => {
  test('security: interpolated text cannot open a tag or leave an attribute', () => {
    const markup = html`<p title="${HOSTILE}">${HOSTILE}</p>`.markup;

    expect(markup).not.toContain('<script');
    expect(markup).not.toContain('<img');
    expect(markup).not.toMatch(/title="[^"]*"[^>]/);
    expect(markup).toContain('&lt;script&gt;');
  });

  test('markup made by html is kept, text in it still escaped', () => {
    const inner = html`<b>${'<i>'}</b>`;

    const markup = html`<p>${inner}</p>`.markup;

    expect(markup).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  test('arrays are joined and null is empty', () => {
    const items = ['<a>', null, html`<li>b</li>`];

    const markup = html`${items}`.markup;

    expect(markup).toBe('&lt;a&gt;<li>b</li>');
  });
});

describe('the portal page', () => {
  test('security: a hostile description, status reasons, error and answer come out as text', () => {
    const page = subscriptionPage({
      token: 'p1.sub_a1.1.nonce.sig',
      subscription: subscription({ description: HOSTILE, statusReason: HOSTILE }),
      deliveries: [
        {
          id: 'dlv_1',
          eventId: 'evt_1',
          subscriptionId: 'sub_a1',
          eventType: 'ORDER_CREATED',
          status: 'failed',
          attemptCount: 1,
          nextAttemptAt: null,
          lastError: HOSTILE,
          statusReason: HOSTILE,
          createdAt: '2026-12-04T12:00:00.000Z',
          updatedAt: '2026-12-04T12:00:00.000Z',
          attempts: [
            {
              attemptNumber: 1,
              startedAt: '2026-12-04T12:00:00.000Z',
              durationMs: 5,
              statusCode: 500,
              error: HOSTILE,
              responseBody: HOSTILE,
            },
          ],
        },
      ],
      shownLimit: 50,
      expiresAt: new Date('2026-12-04T13:00:00.000Z'),
      notice: undefined,
    });

    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page.split('&lt;script&gt;').length - 1).toBe(5);
  });
});

describe('the page layout', () => {
  test('the Content-Security-Policy admits the page’s own style element by its hash', () => {
    const page = messagePage('Title', 'Text');
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;

    const hash = createHash('sha256').update(style).digest('base64');

    expect(PORTAL_HEADERS['content-security-policy']).toContain(`'sha256-${hash}'`);
  });
});
