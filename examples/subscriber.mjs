// A tiny webhook subscriber on loopback that prints what it receives.
// Usage: node examples/subscriber.mjs [port]
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4000);
createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    process.stdout.write(`${req.headers['webhook-id']} ${body}\n`);
    res.end('ok');
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening on 127.0.0.1:${port}\n`));
