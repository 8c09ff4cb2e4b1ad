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
    await vi.advanceTimersByTimeAsync(0); // the initial loads
    FakeEventSource.last.emit('open');
    expect(client.$status.get().mode).toBe('live');

    FakeEventSource.last.emit('gainers-table', gainers('BTC-USD'));
    FakeEventSource.last.emit('health', health('degraded'));
    FakeEventSource.last.emit('losers-table', losers('XRP-USD')); // unsubscribed, still cached
    expect(client.$gainers.get().data?.data[0]?.symbol).toBe('BTC-USD');
    expect(client.$health.get().data?.status).toBe('degraded');
    await expect(client.losers()).resolves.toEqual(losers('XRP-USD'));

    const before = { ...hits };
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hits).toEqual(before);

    offGainers();
    offHealth();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.last.closed).toBe(true);
    expect(client.$status.get().mode).toBe('polling');
    client.dispose();
    vi.restoreAllMocks();
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
    expect(hits['gainers-table']).toBe(1);

    FakeEventSource.last.emit('error');
    expect(FakeEventSource.last.closed).toBe(true);
    expect(client.$status.get().mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['gainers-table']).toBe(2); // polls at once on fallback

    await vi.advanceTimersByTimeAsync(1000); // first reconnect after 1 s
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.emit('error');
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // then after 2 s
    expect(FakeEventSource.instances).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(5000 - 3000);
    expect(hits['gainers-table']).toBe(3); // polling meanwhile

    FakeEventSource.last.emit('open');
    expect(client.$status.get().mode).toBe('live');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(hits['gainers-table']).toBe(3);
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
