import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html';

/**
 * The portal's whole stylesheet, inline, so the page needs no other request; the
 * Content-Security-Policy admits exactly this text by its hash. Status is never told by colour
 * alone: every status is a word, the colour only repeats it.
 */
const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
ol { margin: 0; padding-left: 1.2rem; }
td.attempts { min-width: 22rem; }
code { font-size: .85rem; overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
form { display: inline-block; margin: 0 .5rem .5rem 0; }
button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
button:focus-visible, select:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.status { font-weight: 600; }
.status-failed, .status-disabled { color: #a51d2d; }
.status-delivered, .status-active { color: #26722f; }
.status-paused, .status-held, .status-retrying { color: #8a5a00; }
.notice { border: 2px solid #1a5fb4; padding: .5rem 1rem; }
.secret { font-family: ui-monospace, monospace; font-size: 1.1rem; overflow-wrap: anywhere; }
.muted { color: #555; }
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** Built apart from the page's template, so that the element's text is exactly the hashed one. */
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLE}</style>`);

/**
 * What every portal answer carries: no script may run, nothing loads from elsewhere, forms
 * post only back here, no page may frame it, and the link, which is the credential, is
 * neither cached nor sent on as a referrer.
 */
export const PORTAL_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
};

/** A whole portal page around `body`. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · hookline</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.markup;
}
