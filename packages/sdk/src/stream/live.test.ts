import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { isContractError } from '../errors/errors.js';
import { serveAll, testClient } from '../test-support/client.js';
import { FakeEventSource } from '../test-support/fakes.js';
import { BASE, gainers, health, losers } from '../test-support/fixtures.js';
import { fakeTime, useMswAndFakeTime } from '../test-support/server.js';

useMswAndFakeTime();

const liveClient = () => {
  FakeEventSource.instances = [];
  vi.spyOn(Math, 'random').mockReturnValue(0);
  return testClient({ EventSource: FakeEventSource, refreshInterval: 5000 });
};

describe('live stream', () => {
  it('opens one EventSource for all topics while subscribed; its events feed the stores and polling stops', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient();
    const offGainers = client.$gainers.listen(() => {});
    const offHealth = client.$health.listen(() => {});
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.last.url).toBe(
      `${BASE}/api/stream?topics=gainers-table,losers-table,top-banner-scroll,bottom-banner-scroll,health`,
    );
    await vi.advanceTimersByTimeAsync(0);
    // The stream sends every topic when it connects: the stores wait for it instead of requesting.
    expect(hits).toEqual({});
    expect(client.$gainers.get()).toMatchObject({ data: undefined, error: undefined, loading: false });
    FakeEventSource.last.emit('open');
    expect(client.$status.get().mode).toBe('live');

    FakeEventSource.last.emit('gainers-table', gainers('BTC-USD'));
    FakeEventSource.last.emit('health', health('degraded'));
    FakeEventSource.last.emit('losers-table', losers('XRP-USD')); // unsubscribed, still cached
    expect(client.$gainers.get().data?.data[0]?.symbol).toBe('BTC-USD');
    expect(client.$health.get().data?.status).toBe('degraded');
    await expect(client.losers()).resolves.toEqual(losers('XRP-USD'));
    // A store subscribed while the stream is open finds what it sent.
    const offLosers = client.$losers.listen(() => {});
    expect(client.$losers.get()).toMatchObject({ data: losers('XRP-USD'), stale: false });

    await vi.advanceTimersByTimeAsync(30_000);
    expect(hits).toEqual({});

    offGainers();
    offHealth();
    offLosers();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.last.closed).toBe(true);
    expect(client.$status.get().mode).toBe('polling');
    client.dispose();
    vi.restoreAllMocks();
  });

  it('a stream that fails before it opens: the waiting stores load by request at once, later ones do not wait', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient();
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({});

    FakeEventSource.last.emit('error');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({ 'gainers-table': 1 });
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), stale: false });
    expect(client.$status.get().mode).toBe('polling');

    const offLosers = client.$losers.listen(() => {}); // the stream is down: no waiting
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({ 'gainers-table': 1, 'losers-table': 1 });
    off();
    offLosers();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('a stream that neither opens nor fails leaves the first load to the poll timer', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient(); // refreshInterval 5000
    const off = client.$topBanner.listen(() => {});
    await vi.advanceTimersByTimeAsync(4999);
    expect(hits).toEqual({});
    await vi.advanceTimersByTimeAsync(1);
    expect(hits).toEqual({ 'top-banner-scroll': 1 });
    expect(client.$topBanner.get().data).toBeDefined();
    off();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('an open stream that sends nothing (a server without data yet): the poll timer requests what it has not filled', async () => {
    fakeTime();
    const { hits } = serveAll({
      'gainers-table': () =>
        HttpResponse.json({ error: { code: 'no_data', message: 'no data yet' } }, { status: 503 }),
    });
    const { client } = liveClient(); // refreshInterval 5000
    const offGainers = client.$gainers.listen(() => {});
    const offLosers = client.$losers.listen(() => {});
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('losers-table', losers()); // the stream fills one of the two
    expect(client.$status.get().mode).toBe('live');
    await vi.advanceTimersByTimeAsync(4999);
    expect(hits).toEqual({});
    await vi.advanceTimersByTimeAsync(1 + 7000); // the poll, then its retries (1 s, 2 s, 4 s)
    expect(hits).toEqual({ 'gainers-table': 4 });
    expect(client.$gainers.get()).toMatchObject({ data: undefined, loading: false });
    expect(client.$gainers.get().error).toBeDefined(); // the widget shows "Could not load" with a retry

    FakeEventSource.last.emit('gainers-table', gainers()); // data at last: no more requests
    const before = { ...hits };
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hits).toEqual(before);
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), error: undefined, stale: false });
    offGainers();
    offLosers();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('sends no request on focus or when the page is shown again while the stream keeps every store filled', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client, fire } = liveClient();
    const off = client.$gainers.listen(() => {});
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('gainers-table', gainers());
    fire('hidden');
    fire('visible');
    fire('focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({});
    off();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('more rows on a live client come from the stream reconnecting with a limit, not from a request', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient();
    client.ensureRows('gainers', 30); // a widget asks before it subscribes
    const off = client.$gainers.listen(() => {});
    expect(FakeEventSource.last.url).toMatch(/&limit=30$/);
    FakeEventSource.last.emit('open');
    client.ensureRows('topBanner', 40); // and later, while the stream is open
    expect(FakeEventSource.last.url).toMatch(/&limit=40$/);
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({});
    off();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('after every subscriber left and the stream stopped, the next one requests at once and restarts the stream', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient();
    const first = client.$gainers.listen(() => {});
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('gainers-table', gainers());
    first();
    await vi.advanceTimersByTimeAsync(61_000); // the stream stops after 1 s; the data is no longer fresh after 60 s
    expect(FakeEventSource.last.closed).toBe(true);
    const again = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({ 'gainers-table': 1 });
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.last.closed).toBe(false);
    again();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('without a stream (live: false) a store loads by request as soon as it is subscribed', async () => {
    fakeTime();
    const { hits } = serveAll();
    FakeEventSource.instances = [];
    const { client } = testClient({ EventSource: FakeEventSource, live: false });
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(hits).toEqual({ 'gainers-table': 1 });
    off();
    client.dispose();
  });

  it('a bad event is a ContractError in the store, which keeps its last good data', async () => {
    fakeTime();
    serveAll();
    const onError = vi.fn();
    FakeEventSource.instances = [];
    const { client } = testClient({ EventSource: FakeEventSource, onError });
    const off = client.$gainers.listen(() => {});
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('gainers-table', gainers());
    FakeEventSource.last.emit('gainers-table', '{not json');
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), stale: true });
    expect(isContractError(client.$gainers.get().error)).toBe(true);
    expect(onError).toHaveBeenCalledOnce();
    FakeEventSource.last.emit('gainers-table', gainers());
    expect(client.$gainers.get()).toMatchObject({ stale: false, error: undefined });
    off();
    client.dispose();
  });

  it('falls back to polling when the stream fails, retries it with backoff, and goes live again', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = liveClient();
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('gainers-table', gainers());
    expect(hits['gainers-table']).toBeUndefined();

    FakeEventSource.last.emit('error');
    expect(FakeEventSource.last.closed).toBe(true);
    expect(client.$status.get().mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['gainers-table']).toBe(1); // polls at once on fallback

    await vi.advanceTimersByTimeAsync(1000); // first reconnect after 1 s
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.emit('error'); // a failed reconnect leaves the polling to its timer
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['gainers-table']).toBe(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // then after 2 s
    expect(FakeEventSource.instances).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(5000 - 3000);
    expect(hits['gainers-table']).toBe(2); // polling meanwhile

    FakeEventSource.last.emit('open');
    expect(client.$status.get().mode).toBe('live');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(hits['gainers-table']).toBe(2);
    off();
    client.dispose();
    vi.restoreAllMocks();
  });

  it('asks the stream for the most rows any caller ensured, reconnecting only when that grows', async () => {
    fakeTime();
    serveAll();
    const { client } = liveClient();
    const off = client.$topBanner.listen(() => {});
    const plain = FakeEventSource.last;
    expect(plain.url).not.toContain('limit');
    plain.emit('open');
    client.ensureRows('topBanner', 20); // the server's default already
    client.ensureRows('gainers', 12);
    expect(FakeEventSource.instances).toHaveLength(1);
    client.ensureRows('topBanner', 40);
    expect(plain.closed).toBe(true);
    expect(FakeEventSource.last.url).toBe(
      `${BASE}/api/stream?topics=gainers-table,losers-table,top-banner-scroll,bottom-banner-scroll,health&limit=40`,
    );
    FakeEventSource.last.emit('open');
    client.ensureRows('gainers', 25); // more than the tables' default, less than the stream carries
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(client.$status.get().mode).toBe('live');
    off();
    client.dispose();
    vi.restoreAllMocks();
  });
});
