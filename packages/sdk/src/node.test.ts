import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ReadableAtom } from 'nanostores';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Client } from './client/client.js';
import * as browserEntry from './index.js';
import * as nodeEntry from './node.js';
import { fakePlatform, manualClock } from './test-support/fakes.js';
import { gainers, health, losers } from './test-support/fixtures.js';
import { type SseServer, startSseServer } from './test-support/sse-server.js';

const ALL_TOPICS = 'topics=gainers-table,losers-table,top-banner-scroll,bottom-banner-scroll,health';

/** Resolves with the store's value as soon as `ok` holds for it (at once if it already does). */
const until = <T>(store: ReadableAtom<T>, ok: (value: T) => boolean) =>
  new Promise<T>((resolve) => {
    const off = store.subscribe((value) => {
      if (!ok(value)) return;
      resolve(value);
      queueMicrotask(() => off());
    });
  });

let server: SseServer;
let time: ReturnType<typeof manualClock>;
let client: Client | undefined;

/** A client of the Node entry on the test server, with the manual clock and no storage. */
const nodeClient = () => {
  time = manualClock();
  const live = nodeEntry.createClient({
    baseUrl: server.baseUrl,
    clock: time.clock,
    platform: fakePlatform().platform,
    cache: { storage: null },
  });
  client = live;
  return live;
};

beforeEach(async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: the first reconnection comes after exactly 1 s
  server = await startSseServer();
});
afterEach(async () => {
  client?.dispose();
  client = undefined;
  vi.restoreAllMocks();
  await server.close();
});

describe('the Node entry', () => {
  it('exports what the browser entry does, with a createClient and getSharedClient of its own', () => {
    expect(Object.keys(nodeEntry).sort()).toEqual(Object.keys(browserEntry).sort());
    expect(nodeEntry.createClient).not.toBe(browserEntry.createClient);
    expect(nodeEntry.getSharedClient).not.toBe(browserEntry.getSharedClient);
    expect(nodeEntry.HttpError).toBe(browserEntry.HttpError);
  });

  it('alone brings the fetch-based reader and its parser: a browser bundle of the plain entry has neither', async () => {
    const inputsOf = async (entry: string) => {
      const { metafile } = await build({
        entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        metafile: true,
      });
      return Object.keys(metafile.inputs).filter(
        (input) => input.includes('/eventsource-parser/') || input.endsWith('fetch-source.ts'),
      );
    };
    expect(await inputsOf('./index.ts')).toEqual([]);
    expect(await inputsOf('./node.ts')).toHaveLength(2);
  });
});

describe('live in Node: the stream read with fetch', () => {
  it('is live while open: its events reach the stores, with no request', async () => {
    const live = nodeClient();
    const offGainers = live.$gainers.listen(() => {});
    const offHealth = live.$health.listen(() => {});
    const connection = await server.nextConnection();
    expect(connection.url).toBe(`/api/stream?${ALL_TOPICS}`);
    await until(live.$status, ({ mode }) => mode === 'live');

    connection.send('gainers-table', gainers('BTC-USD'), '1');
    connection.send('losers-table', losers('XRP-USD'), '1');
    connection.send('health', health('degraded'), '1');
    await until(live.$health, ({ data }) => data !== undefined);
    expect(live.$gainers.get()).toMatchObject({ data: gainers('BTC-USD'), stale: false, error: undefined });
    expect(live.$health.get().data?.status).toBe('degraded');
    await expect(live.losers()).resolves.toEqual(losers('XRP-USD')); // from the cache the stream filled
    expect(server.hits).toEqual({});
    offGainers();
    offHealth();
  });

  it('a dropped connection falls back to polling, then reconnects after the backoff with Last-Event-ID', async () => {
    const live = nodeClient();
    const off = live.$gainers.listen(() => {});
    const first = await server.nextConnection();
    first.send('gainers-table', gainers(), '1796438036274');
    await until(live.$gainers, ({ data }) => data !== undefined);

    first.end();
    await until(live.$status, ({ mode }) => mode === 'polling');
    expect(time.pending()[0]).toBe(1000); // the first reconnection, after 1 s
    time.advance(1000);
    const second = await server.nextConnection();
    expect(second.headers['last-event-id']).toBe('1796438036274');
    await until(live.$status, ({ mode }) => mode === 'live');
    off();
  });

  it.each([
    [503, 'application/json'],
    [200, 'text/html'],
  ])(
    'a stream answered %i %s fails: the stores load by request, and it tries again with backoff',
    async (status, type) => {
      server.refuseStreams(status, type);
      const live = nodeClient();
      const off = live.$gainers.listen(() => {});
      await server.nextRefusal();
      await until(live.$gainers, ({ data }) => data !== undefined);
      expect(server.hits).toEqual({ gainers: 1 });
      expect(live.$status.get().mode).toBe('polling');

      expect(time.pending()[0]).toBe(1000);
      time.advance(1000);
      await server.nextRefusal();
      off();
    },
  );

  it('dispose() aborts the stream’s request', async () => {
    const live = nodeClient();
    live.$gainers.listen(() => {});
    const connection = await server.nextConnection();
    await until(live.$status, ({ mode }) => mode === 'live');
    live.dispose();
    await connection.closed;
    expect(live.$status.get().mode).toBe('polling');
    expect(time.pending()).toEqual([]); // no reconnection waiting either
  });

  it('the shared client streams too; an EventSource given, or null, is used as it is', async () => {
    const shared = nodeEntry.getSharedClient({ baseUrl: server.baseUrl, cache: { storage: null } });
    const off = shared.$losers.listen(() => {});
    const connection = await server.nextConnection();
    connection.send('losers-table', losers('ETH-USD'));
    await until(shared.$losers, ({ data }) => data !== undefined);
    off();
    shared.dispose();

    const polling = nodeEntry.createClient({
      baseUrl: server.baseUrl,
      EventSource: null,
      cache: { storage: null },
    });
    client = polling;
    const offPolling = polling.$gainers.listen(() => {});
    await until(polling.$gainers, ({ data }) => data !== undefined); // by request: the stream is off
    expect(server.hits).toEqual({ gainers: 1 });
    offPolling();
  });
});
