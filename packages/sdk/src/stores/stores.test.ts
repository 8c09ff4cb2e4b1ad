import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { isCircuitOpenError, isContractError, isHttpError } from '../errors/errors.js';
import { serveAll, testClient } from '../test-support/client.js';
import { gainers } from '../test-support/fixtures.js';
import { fakeTime, useMswAndFakeTime } from '../test-support/server.js';

useMswAndFakeTime();

const fail500 = () => new HttpResponse(null, { status: 500 });

describe('stores', () => {
  it('load on first subscriber, poll every refreshInterval, and stop a second after the last one leaves', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client, listeners } = testClient({ refreshInterval: 5000 });
    const values: unknown[] = [];
    const unsubscribe = client.$gainers.listen((value) => values.push(value));
    expect(client.$gainers.get()).toMatchObject({ data: undefined, loading: true, stale: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.$gainers.get()).toMatchObject({
      data: gainers(),
      loading: false,
      stale: false,
      error: undefined,
    });
    expect(client.$gainers.get().updatedAt).toBe(Date.now());
    expect(hits['gainers-table']).toBe(1);
    expect(listeners.size).toBe(1);

    await vi.advanceTimersByTimeAsync(15_000);
    expect(hits['gainers-table']).toBe(4);
    expect(hits['losers-table']).toBeUndefined(); // only subscribed stores poll

    unsubscribe();
    await vi.advanceTimersByTimeAsync(1000);
    expect(listeners.size).toBe(0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(hits['gainers-table']).toBe(4);
    client.dispose();
  });

  it('pause polling while the page is hidden and revalidate when it shows, on focus and on online', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client, fire } = testClient({ refreshInterval: 5000 });
    const unsubscribe = client.$losers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['losers-table']).toBe(1);

    fire('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hits['losers-table']).toBe(1);

    fire('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['losers-table']).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(hits['losers-table']).toBe(3);

    fire('focus');
    await vi.advanceTimersByTimeAsync(0);
    fire('offline');
    expect(client.$status.get().mode).toBe('offline');
    fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['losers-table']).toBe(5);
    expect(client.$status.get().mode).toBe('polling');
    unsubscribe();
    client.dispose();
  });

  it('keep the last good data through failed refreshes, marked stale with the error', async () => {
    fakeTime();
    const { routes } = serveAll();
    const { client } = testClient({ retry: { limit: 1 }, breaker: { threshold: 100 } });
    const unsubscribe = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const good = client.$gainers.get();

    routes['gainers-table'] = fail500;
    await vi.advanceTimersByTimeAsync(5000 + 1000 + 10);
    expect(client.$gainers.get()).toMatchObject({ data: good.data, updatedAt: good.updatedAt, stale: true });
    expect(isHttpError(client.$gainers.get().error)).toBe(true);
    expect(client.$status.get()).toMatchObject({ consecutiveFailures: 1, mode: 'polling' });

    routes['gainers-table'] = () => HttpResponse.json(gainers('BTC-USD'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.$gainers.get()).toMatchObject({ stale: false, error: undefined });
    expect(client.$gainers.get().data?.data[0]?.symbol).toBe('BTC-USD');
    unsubscribe();
    client.dispose();
  });

  it('keep the last good data when a response breaks the contract', async () => {
    fakeTime();
    const { routes } = serveAll();
    const { client } = testClient();
    const unsubscribe = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    routes['gainers-table'] = () => HttpResponse.json({ ...gainers(), data: [{ symbol: 1 }] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), stale: true });
    expect(isContractError(client.$gainers.get().error)).toBe(true);
    unsubscribe();
    client.dispose();
  });

  it('while the breaker is open keep data and show CircuitOpenError; refresh() probes at once', async () => {
    fakeTime();
    const { routes, hits } = serveAll();
    const { client } = testClient({ retry: { limit: 0 }, breaker: { threshold: 1, cooldown: 600_000 } });
    const unsubscribe = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    routes['gainers-table'] = fail500;
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.$status.get().breaker).toBe('open');
    await vi.advanceTimersByTimeAsync(5000);
    expect(hits['gainers-table']).toBe(2); // the poll failed fast
    expect(isCircuitOpenError(client.$gainers.get().error)).toBe(true);
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), stale: true });

    routes['gainers-table'] = () => HttpResponse.json(gainers());
    await client.refresh();
    expect(hits['gainers-table']).toBe(3);
    expect(client.$status.get()).toMatchObject({ breaker: 'closed', mode: 'polling' });
    expect(client.$gainers.get()).toMatchObject({ error: undefined, stale: false });
    unsubscribe();
    client.dispose();
  });
});
