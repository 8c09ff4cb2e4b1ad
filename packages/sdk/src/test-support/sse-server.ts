import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Topic } from '@cbmo4ers/contract';
import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { bottomBanner, gainers, health, losers, topBanner } from './fixtures.js';

/** One request to `/api/stream` the server answered as an event stream. */
export interface SseConnection {
  /** Path and query, as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Writes one event, its body as JSON, with `id` when given. */
  send(event: string, body: unknown, id?: string): void;
  /** Ends the response, as a server going away does. */
  end(): void;
  /** Resolves when the connection is gone, whoever closed it. */
  closed: Promise<void>;
}

const BODIES: Record<Topic, () => unknown> = { gainers, losers, topBanner, bottomBanner, health };

/** A queue whose `next()` waits for what has not been pushed yet. */
const queue = <T>() => {
  const items: T[] = [];
  const waiting: ((item: T) => void)[] = [];
  return {
    push: (item: T) => (waiting.length ? waiting.shift()!(item) : items.push(item)),
    next: () => new Promise<T>((resolve) => (items.length ? resolve(items.shift()!) : waiting.push(resolve))),
  };
};

const streamOf = (res: ServerResponse, url: string, headers: IncomingHttpHeaders): SseConnection => {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write('retry: 3000\n\n: ping\n\n'); // as the real server starts, with a comment line
  return {
    url,
    headers,
    send: (event, body, id) =>
      void res.write(
        `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(body)}\n\n`,
      ),
    end: () => void res.end(),
    closed: new Promise((resolve) => res.on('close', resolve)),
  };
};

/**
 * A real HTTP server on port 0 speaking the API's stream (`retry:` first, then the events the test sends) and
 * answering the component endpoints and `/api/health` with the fixtures, counting their requests in `hits`.
 * `refuseStreams` makes it answer the next streams with that status and type instead.
 */
export const startSseServer = async () => {
  const connections = queue<SseConnection>();
  const refusals = queue<{ url: string }>();
  const hits: Record<string, number> = {};
  let refusal: { status: number; type: string } | undefined;

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    if (path === '/api/stream') {
      if (!refusal) return connections.push(streamOf(res, url, req.headers));
      res.writeHead(refusal.status, { 'content-type': refusal.type }).end('{"error":{"code":"unavailable"}}');
      return refusals.push({ url });
    }
    const topic = (Object.keys(BODIES) as Topic[]).find((name) => TOPIC_TABLE[name].path === path);
    if (!topic) return void res.writeHead(404).end();
    hits[topic] = (hits[topic] ?? 0) + 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(BODIES[topic]()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    hits,
    /** The next stream answered as an event stream (one already open and not taken yet, or the next to come). */
    nextConnection: connections.next,
    /** The next stream refused while `refuseStreams` is set. */
    nextRefusal: refusals.next,
    refuseStreams(status: number, type: string) {
      refusal = { status, type };
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type SseServer = Awaited<ReturnType<typeof startSseServer>>;
