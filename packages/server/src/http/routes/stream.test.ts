import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../metrics/metrics.js';
import { Snapshot } from '../../snapshots/snapshot.js';
import { MemorySnapshotStore } from '../../snapshots/snapshot-store.js';
import { standaloneHealthInputs } from '../../test-support/health-inputs.js';
import { type JsonBody, listen } from '../../test-support/http.js';
import { eventually } from '../../test-support/wait.js';
import { type AppDeps, createApp } from '../app.js';
import type { StreamLimits } from './stream.js';

const NOW = Date.UTC(2026, 10, 24, 18, 1, 5, 123);
const closers: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start(limits: Partial<StreamLimits>, config: Partial<AppDeps['config']> = {}) {
  const store = new MemorySnapshotStore();
  const built = createApp({
    config: { corsAllowedOrigins: '*', rateLimitPerMinute: 100_000, trustProxy: false, ...config },
    snapshots: store,
    healthInputs: standaloneHealthInputs(NOW),
    metrics: new ServerMetrics(),
    logger: pino({ level: 'silent' }),
    clock: () => NOW,
  });
  built.stream.setLimits(limits);
  const server = await listen(built.app);
  closers.push(async () => {
    built.close();
    await server.close();
  });
  return { ...server, store, hub: built.stream };
}

/** A snapshot of 100 rows of about 2 KB per table: a few publications fill a socket that is not read. */
let asOf = NOW;
function publishLarge(store: MemorySnapshotStore): void {
  const rows = Array.from({ length: 100 }, (_, index) =>
    JSON.stringify({ rank: index, pad: 'x'.repeat(2000) }),
  );
  asOf += 1000;
  store.publish(
    new Snapshot({
      meta: {
        asOf,
        stale: false,
        source: 'simulated',
        updateInterval: 1000,
        productsTracked: 1,
        historySeconds: 0,
        warm: true,
      },
      rows: { gainers: rows, losers: rows, topBanner: rows, bottomBanner: rows },
    }),
  );
}

/** A raw connection that sends `request` and collects everything the server sends back. */
function rawRequest(url: string, request: string, read = true): { socket: Socket; received: () => string } {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let text = '';
  if (read) socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  else socket.pause();
  socket.on('error', () => {});
  socket.write(request);
  closers.push(() => void socket.destroy());
  return { socket, received: () => text };
}

const streamRequest = (query: string, extra = '') =>
  `GET /api/stream?${query} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;

/** Opens a stream and resolves once its headers arrived (the hub counts it from then on). */
async function openStream(url: string, query: string, extra = '') {
  const stream = rawRequest(url, streamRequest(query, extra));
  await eventually(() => stream.received().includes('\r\n\r\n'), 'the stream headers');
  return stream;
}

describe('HEAD /api/stream', () => {
  it('sends the headers and ends; the next request on the connection is answered; no client counted', async () => {
    const { url, hub } = await start({});
    const { received } = rawRequest(
      url,
      'HEAD /api/stream?topics=gainers-table HTTP/1.1\r\nHost: test\r\n\r\n' +
        'GET /api/health/live HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n',
    );
    await eventually(() => received().includes('{"status":"ok"}'), 'the second response');
    const [head, second] = received().split(/(?=HTTP\/1\.1 )/);
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head?.toLowerCase()).toContain('content-type: text/event-stream');
    expect(head).not.toContain('retry:');
    expect(second).toMatch(/^HTTP\/1\.1 200 /);
    expect(hub.clients).toBe(0);
  });

  it('is refused with 400 for a bad query, like GET', async () => {
    const { url } = await start({});
    const response = await fetch(`${url}/api/stream?topics=prices`, { method: 'HEAD' });
    expect(response.status).toBe(400);
  });
});

describe('stream caps', () => {
  it('refuses a client over its cap with 429, JSON and Retry-After, whatever topics and limit it asks', async () => {
    const { url, hub } = await start({ maxPerClient: 2, maxTotal: 100 });
    const first = await openStream(url, 'topics=gainers-table');
    await openStream(url, 'topics=losers-table&limit=7');
    expect(hub.clients).toBe(2);
    for (const query of ['topics=gainers-table', 'topics=health&limit=3', 'limit=99', '']) {
      const response = await fetch(`${url}/api/stream?${query}`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(((await response.json()) as JsonBody).error.code).toBe('rate_limited');
    }
    expect(hub.clients).toBe(2);
    first.socket.destroy();
    await eventually(() => hub.clients === 1, 'the closed stream to be forgotten');
    await openStream(url, 'topics=health');
    expect(hub.clients).toBe(2);
  });

  it('counts each forwarded client apart behind a trusted proxy, and refuses over the total with 503', async () => {
    const { url, hub } = await start({ maxPerClient: 1, maxTotal: 3 }, { trustProxy: 1 });
    for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
      await openStream(url, 'topics=gainers-table', `X-Forwarded-For: ${client}\r\n`);
    expect(hub.clients).toBe(3);
    const response = await fetch(`${url}/api/stream`, { headers: { 'x-forwarded-for': '10.0.0.4' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(((await response.json()) as JsonBody).error.code).toBe('unavailable');
  });
});

describe('slow readers', () => {
  /** Publishes until `done` holds; every publication is a chance for the hub to see the queues grow. */
  async function publishUntil(store: MemorySnapshotStore, done: () => boolean, what: string) {
    for (let round = 0; round < 2000 && !done(); round++) {
      publishLarge(store);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(done(), what).toBe(true);
  }

  it('sends a client that does not read only the latest snapshot once it reads again', async () => {
    const { url, store, hub } = await start({ maxSkippedSnapshots: 100_000 });
    const paused = rawRequest(url, streamRequest('topics=gainers-table&limit=100'), false);
    await eventually(() => hub.clients === 1, 'the paused stream');
    const published = 300;
    for (let round = 0; round < published; round++) {
      publishLarge(store);
      await new Promise((resolve) => setImmediate(resolve));
    }
    let text = '';
    paused.socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    paused.socket.resume();
    await eventually(() => text.includes(`id: ${asOf}\n`), 'the latest snapshot');
    const ids = new Set(text.match(/^id: \d+$/gm));
    expect(ids.size).toBeLessThan(published);
    expect(hub.clients).toBe(1);
  });

  it('drops a client that took no output for maxSkippedSnapshots snapshots', async () => {
    const { url, store, hub } = await start({ maxSkippedSnapshots: 5 });
    rawRequest(url, streamRequest('limit=100'), false);
    await eventually(() => hub.clients === 1, 'the silent stream');
    await publishUntil(store, () => hub.clients === 0, 'the silent client is dropped');
  });

  it('drops the clients over their share of the total budget and keeps the ones that read', async () => {
    const { url, store, hub } = await start({
      maxSkippedSnapshots: 100_000,
      maxTotalBufferedBytes: 256 * 1024,
    });
    const reader = await openStream(url, 'topics=health');
    for (const query of ['limit=100', 'limit=99&topics=gainers-table', 'limit=98&topics=losers-table'])
      rawRequest(url, streamRequest(query), false);
    await eventually(() => hub.clients === 4, 'four streams');
    await publishUntil(store, () => hub.clients === 1, 'the three silent clients are dropped');
    expect(reader.socket.destroyed).toBe(false);
    const before = reader.received().length;
    publishLarge(store);
    await eventually(() => reader.received().length > before, 'the reader still served');
  });
});
