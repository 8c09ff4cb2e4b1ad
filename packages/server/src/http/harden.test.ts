import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { startTestServer } from '../test-support/server.js';

/** The real server on port 0, spoken to over raw sockets so nothing tidies the requests up first. */
let running: RunningServer;

beforeAll(async () => {
  running = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' }, { simulator: { seed: 3 } });
});
afterAll(async () => {
  await running?.close();
});

interface RawExchange {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** When the server's FIN (or reset) arrived, in ms from connecting. */
  closedAfterMs: number;
}

/**
 * Sends `payload` and never ends or closes its own side: only the server can close the connection. Fails if it
 * has not within `deadlineMs` (the server's own requestTimeout is 30 s).
 */
function sendAndAwaitClose(port: number, payload: string, deadlineMs = 5000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let text = '';
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`the server kept the connection open for ${deadlineMs} ms; read: ${text.slice(0, 200)}`),
      );
    }, deadlineMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    // A reset after the answer (the server closing while our unsent body is announced) is still a close.
    socket.on('error', () => undefined);
    const closed = () => {
      clearTimeout(deadline);
      const closedAfterMs = Date.now() - started;
      socket.destroy();
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, Math.max(0, end)).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: text.slice(end + 4),
        closedAfterMs,
      });
    };
    socket.once('end', closed);
    socket.once('close', closed);
    socket.on('connect', () => socket.write(payload));
  });
}

const portOf = () => Number(new URL(running.url).port);

describe('a request announcing a body the server will not read', () => {
  it.each([
    ['nothing of it sent', ''],
    ['64 KB of it sent', '{'.repeat(65_536)],
  ])(
    'gets its JSON 405 with Connection: close, and the server closes the connection at once (%s)',
    async (_name, bodyPart) => {
      const exchange = await sendAndAwaitClose(
        portOf(),
        `POST /api/component/gainers-table HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n${bodyPart}`,
      );
      expect(exchange.status).toBe(405);
      expect(exchange.headers.connection).toBe('close');
      expect(exchange.headers.allow).toContain('GET');
      expect(JSON.parse(exchange.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
      expect(exchange.closedAfterMs).toBeLessThan(5000);
    },
  );

  it('closes after a 404 to a chunked body too, and keeps alive a request without a body', async () => {
    const chunked = await sendAndAwaitClose(
      portOf(),
      'PUT /nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n',
    );
    expect(chunked.status).toBe(404);
    expect(chunked.headers.connection).toBe('close');
    const plain = await fetch(`${running.url}/api/health/live`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('connection')).toBe('keep-alive');
  });
});
