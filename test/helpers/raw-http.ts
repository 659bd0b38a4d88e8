import { connect, type Socket } from 'node:net';

/** One HTTP answer as read off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A request written byte for byte, for what `fetch` refuses to send: CR, LF or NUL in header
 * values, repeated headers, dot segments and malformed percent-encoding in paths.
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent. */
  path: string;
  /** Names and values are written as latin1 and neither checked nor encoded. */
  headers: [string, string][];
  body?: Buffer | string;
}

/** The bytes of a request with `host`, `connection: close` and, unless given, its length. */
export function requestBytes(host: string, request: RawRequest): Buffer {
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const hasLength = request.headers.some(([name]) => name.toLowerCase() === 'content-length');
  const lines = [
    `${request.method} ${request.path} HTTP/1.1`,
    `host: ${host}`,
    'connection: close',
  ];
  if (!hasLength && body !== undefined) lines.push(`content-length: ${body.length}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}

/** Splits what a server sent on one connection into answers; bodies are read as UTF-8. */
export function parseAnswers(data: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = data;
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) throw new Error(`incomplete answer: ${rest.toString('latin1')}`);
    const [statusLine = '', ...headerLines] = rest.subarray(0, headEnd).toString().split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
    if (Number.isNaN(status)) throw new Error(`not an HTTP answer: ${statusLine}`);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    const length = Number(headers['content-length'] ?? rest.length - bodyStart);
    answers.push({
      status,
      headers,
      body: rest.subarray(bodyStart, bodyStart + length).toString(),
    });
    rest = rest.subarray(bodyStart + length);
  }
  return answers;
}

/** A TCP connection to an HTTP server that is written to by hand. */
export class RawConnection {
  private readonly chunks: Buffer[] = [];
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => resolve());
      // A server that answers before reading the whole body may reset the connection; what
      // it answered is still in `chunks`.
      socket.on('error', () => resolve());
    });
  }

  static async open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => {
      this.socket.write(bytes, () => resolve());
    });
  }

  /**
   * Waits until the server closes the connection and answers what it sent.
   * @throws when the server neither answers nor closes within `timeoutMs`.
   */
  async answers(timeoutMs = 5000): Promise<RawAnswer[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.closed, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.destroy();
      throw new Error(`the server did not close the connection within ${timeoutMs} ms`);
    }
    return parseAnswers(Buffer.concat(this.chunks));
  }

  /** Gives up on the request, as a client whose patience ran out. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** Writes bytes on a new connection and answers everything the server sent back. */
export async function exchange(baseUrl: string, bytes: Buffer): Promise<RawAnswer[]> {
  const connection = await RawConnection.open(baseUrl);
  await connection.write(bytes);
  return connection.answers();
}

/** Sends one raw request on a new connection and answers the server's single answer. */
export async function sendRaw(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const answers = await exchange(baseUrl, requestBytes(new URL(baseUrl).host, request));
  if (answers.length !== 1) throw new Error(`expected one answer, got ${answers.length}`);
  return answers[0]!;
}
