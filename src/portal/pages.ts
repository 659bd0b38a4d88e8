import type { EventType } from '../events/catalog';
import type { Attempt, Delivery } from '../store/deliveries';
import type { Subscription } from '../store/subscriptions';
import { html, type SafeHtml } from './html';
import { page } from './layout';

/** What the page of one subscription shows. */
export interface PortalView {
  token: string;
  subscription: Subscription;
  deliveries: (Delivery & { attempts: Attempt[] })[];
  /** How many of the newest deliveries the page lists at most. */
  shownLimit: number;
  expiresAt: Date;
  /** A fixed sentence about the action just done, if any. */
  notice: string | undefined;
}

/** How much of a subscriber's answer the page repeats; the API keeps up to 4 KB. */
const ANSWER_EXCERPT_CHARS = 300;

const SUBSCRIPTION_STATUS: Record<Subscription['status'], string> = {
  active: 'events are delivered.',
  paused: 'deliveries wait until the subscription is resumed.',
  disabled: 'hookline stopped sending after failures; deliveries wait until it is resumed.',
  deleted: 'the subscription is removed.',
};

const actionPath = (token: string, action: string) => `/portal/${token}/${action}`;

function statusWord(status: string): SafeHtml {
  return html`<span class="status status-${status}">${status}</span>`;
}

function button(
  token: string,
  action: string,
  label: string | SafeHtml,
  field?: SafeHtml,
): SafeHtml {
  return html`<form method="post" action="${actionPath(token, action)}">
    ${field}<button type="submit">${label}</button>
  </form>`;
}

function attemptItem(attempt: Attempt): SafeHtml {
  const answer = attempt.statusCode === null ? 'no answer' : `HTTP ${attempt.statusCode}`;
  const excerpt =
    attempt.responseBody === null || attempt.responseBody === ''
      ? undefined
      : attempt.responseBody.slice(0, ANSWER_EXCERPT_CHARS);
  return html`<li>
    Attempt ${attempt.attemptNumber} at
    <time datetime="${attempt.startedAt}">${attempt.startedAt}</time>: ${answer},
    ${attempt.durationMs} ms${attempt.error === null ? '' : html`; error: ${attempt.error}`}
    ${excerpt === undefined
      ? ''
      : html`<br /><span class="muted">answer:</span> <code>${excerpt}</code>`}
  </li>`;
}

function deliveryRow(token: string, delivery: PortalView['deliveries'][number]): SafeHtml {
  const attempts =
    delivery.attempts.length === 0
      ? html`<span class="muted">none yet</span>`
      : html`<ol>
          ${delivery.attempts.map(attemptItem)}
        </ol>`;
  const replay =
    delivery.status === 'failed'
      ? button(
          token,
          `deliveries/${delivery.id}/replay`,
          html`Replay<span class="visually-hidden"> delivery ${delivery.id}</span>`,
        )
      : html`<span class="muted">none</span>`;
  return html`<tr>
    <td>
      <code>${delivery.id}</code><br /><span class="muted">event</span>
      <code class="muted">${delivery.eventId}</code>
    </td>
    <td>${delivery.eventType}</td>
    <td>
      ${statusWord(delivery.status)}${delivery.statusReason === null
        ? ''
        : html`<br />${delivery.statusReason}`}
    </td>
    <td><time datetime="${delivery.createdAt}">${delivery.createdAt}</time></td>
    <td class="attempts">${attempts}</td>
    <td>${replay}</td>
  </tr>`;
}

function deliveriesSection(view: PortalView): SafeHtml {
  if (view.deliveries.length === 0) {
    return html`<p>No deliveries yet.</p>`;
  }
  return html`<div class="table-scroll">
    <table>
      <caption class="muted">
        The ${view.shownLimit} newest deliveries at most, newest first.
      </caption>
      <thead>
        <tr>
          <th scope="col">Delivery</th>
          <th scope="col">Event type</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">Attempts and answers</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        ${view.deliveries.map((delivery) => deliveryRow(view.token, delivery))}
      </tbody>
    </table>
  </div>`;
}

function testForm(token: string, eventTypes: EventType[]): SafeHtml {
  const select = html`<label for="test-type">Event type</label>
    <select id="test-type" name="type">
      ${eventTypes.map((type) => html`<option>${type}</option>`)}
    </select> `;
  return button(token, 'test', 'Send a test event', select);
}

/** The portal of one subscription: its endpoint, its deliveries and what may be done. */
export function subscriptionPage(view: PortalView): string {
  const { subscription: sub, token } = view;
  const holdOrRelease =
    sub.status === 'active'
      ? button(token, 'pause', 'Pause deliveries')
      : button(token, 'resume', 'Resume deliveries');
  return page(
    'Webhook subscription',
    html`<h1>Webhook subscription</h1>
      <p class="muted">${sub.description ?? ''}</p>
      ${view.notice === undefined ? '' : html`<p class="notice" role="status">${view.notice}</p>`}
      <h2>Endpoint</h2>
      <dl>
        <dt>Subscription</dt>
        <dd><code>${sub.id}</code></dd>
        <dt>Endpoint URL</dt>
        <dd><code>${sub.url}</code></dd>
        <dt>Event types</dt>
        <dd>${sub.eventTypes.join(', ')}</dd>
        <dt>Status</dt>
        <dd>
          ${statusWord(sub.status)}:
          ${SUBSCRIPTION_STATUS[sub.status]}${sub.statusReason === null
            ? ''
            : html` (${sub.statusReason})`}
        </dd>
        <dt>This link works until</dt>
        <dd>
          <time datetime="${view.expiresAt.toISOString()}">${view.expiresAt.toISOString()}</time>
        </dd>
      </dl>
      <h2>Actions</h2>
      ${holdOrRelease} ${testForm(token, sub.eventTypes)}
      ${button(token, 'rotate-secret', 'Rotate the signing secret')}
      <h2>Recent deliveries</h2>
      ${deliveriesSection(view)}
      <p><a href="${`/portal/${token}`}">Reload this page</a></p>`,
  );
}

/** The answer to a rotation: the new secret, shown on this page only. */
export function secretPage(
  token: string,
  secret: string,
  previousExpiresAt: string | null,
): string {
  return page(
    'New signing secret',
    html`<h1>New signing secret</h1>
      <p role="status">The secret was rotated. Copy it now: it is shown on this page only.</p>
      <p><label for="secret">Secret</label></p>
      <p><output id="secret" class="secret">${secret}</output></p>
      <p>
        Until <time datetime="${previousExpiresAt ?? ''}">${previousExpiresAt ?? 'now'}</time>,
        every delivery is signed with both the new and the previous secret, so you can switch over.
      </p>
      <p><a href="${`/portal/${token}`}">Back to the subscription</a></p>`,
  );
}

/** A refusal or failure, as a page that says what happened and nothing of any subscription. */
export function messagePage(title: string, message: string): string {
  return page(
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>`,
  );
}
