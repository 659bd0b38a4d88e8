import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_REDACTION } from '../../src/logger';

function loggedLine(fields: Record<string, unknown>): string {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  pino({ redact: LOG_REDACTION }, sink).info(fields, 'something happened');
  return lines.join('');
}

describe('log redaction', () => {
  test('a subscription with its secrets passed to a log call shows neither secret', () => {
    const subscription = { id: 'sub_1', secret: 'whsec_AAAA', previousSecret: 'whsec_BBBB' };

    const line = loggedLine({ subscription });

    expect(line).toContain('sub_1');
    expect(line).not.toContain('whsec_');
  });

  test('an authorization header in logged headers is censored', () => {
    const line = loggedLine({ headers: { authorization: 'Bearer hl_secret_token' } });

    expect(line).not.toContain('hl_secret_token');
    expect(line).toContain('[redacted]');
  });
});
