import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

function capture(): { stream: Writable; lines: () => Record<string, any>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
  };
}

describe('createLogger', () => {
  test('an Error under `error` is written with its type, message and stack', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', format: 'json' }, stream);

    logger.error({ error: new RangeError('migration 0008 is unknown') }, 'start-up failed');

    const [line] = lines();
    expect(line?.error).toMatchObject({ type: 'RangeError', message: 'migration 0008 is unknown' });
    expect(line?.error.stack).toContain('RangeError');
  });
});
