// Sends one signed incoming webhook to hookline, as an external app would.
// Usage: node examples/send-incoming.mjs <source url> <source secret> <event.json>
import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const [url, secret, file] = process.argv.slice(2);
const body = await readFile(file, 'utf8');
const id = `msg_${randomUUID()}`;
const timestamp = Math.floor(Date.now() / 1000);
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');

const response = await fetch(url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  },
  body,
});
process.stdout.write(`${response.status} ${await response.text()}\n`);
