import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../platform/platform.js';
import { memoryStorage } from '../test-support/fakes.js';
import { fakeTime } from '../test-support/server.js';
import { type CacheSettings, createCache } from './cache.js';

const setup = (overrides: Partial<CacheSettings> = {}) => {
  fakeTime(1_000_000);
  return createCache({
    ttl: 60_000,
    staleFor: 300_000,
    maxEntries: 100,
    storage: undefined,
    prefix: 'cbm:',
    clock: systemClock,
    validate: () => true,
    ...overrides,
  });
};

/** A fetcher whose calls the test resolves or rejects. */
const deferredFetcher = () => {
  const calls: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const fetcher = vi.fn(() => new Promise<string>((resolve, reject) => void calls.push({ resolve, reject })));
  return { fetcher, calls };
};

describe('cache', () => {
  it('serves fresh data without fetching, stale data while one background refresh runs, and waits when expired', async () => {
    const cache = setup();
    cache.set('k', 'v1');
    const { fetcher, calls } = deferredFetcher();

    vi.advanceTimersByTime(59_999);
    await expect(cache.read('k', fetcher)).resolves.toBe('v1');
    expect(fetcher).not.toHaveBeenCalled();

    vi.advanceTimersByTime(1); // stale
    await expect(cache.read('k', fetcher)).resolves.toBe('v1');
    await expect(cache.read('k', fetcher)).resolves.toBe('v1');
    expect(fetcher).toHaveBeenCalledOnce();
    calls[0]!.resolve('v2');
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.get('k')?.data).toBe('v2');

    vi.advanceTimersByTime(360_000); // expired
    const waiting = cache.read('k', fetcher);
    expect(fetcher).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('v3');
    await expect(waiting).resolves.toBe('v3');
    vi.useRealTimers();
  });

  it('shares one fetch between concurrent callers', async () => {
    const cache = setup();
    const { fetcher, calls } = deferredFetcher();
    const all = Promise.all([
      cache.read('k', fetcher),
      cache.read('k', fetcher),
      cache.read('k', fetcher, true),
    ]);
    calls[0]!.resolve('v');
    await expect(all).resolves.toEqual(['v', 'v', 'v']);
    expect(fetcher).toHaveBeenCalledOnce();
    vi.useRealTimers();
  });

  it('keeps the last good data through failed refreshes', async () => {
    const cache = setup();
    cache.set('k', 'good');
    const { fetcher, calls } = deferredFetcher();
    const forced = cache.read('k', fetcher, true);
    calls[0]!.reject(new Error('down'));
    await expect(forced).rejects.toThrow('down');
    vi.advanceTimersByTime(400_000); // expired, and the refresh fails again
    const again = cache.read('k', fetcher);
    calls[1]!.reject(new Error('down'));
    await expect(again).rejects.toThrow('down');
    expect(cache.get('k')?.data).toBe('good');
    expect(cache.freshness(cache.get('k')!)).toBe('expired');
    vi.useRealTimers();
  });

  it('rejects an aborted caller at once; the shared fetch still fills the cache', async () => {
    const cache = setup();
    const { fetcher, calls } = deferredFetcher();
    const controller = new AbortController();
    const aborted = cache.read('k', fetcher, false, controller.signal);
    const other = cache.read('k', fetcher);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    calls[0]!.resolve('v');
    await expect(other).resolves.toBe('v');
    expect(cache.get('k')?.data).toBe('v');
    vi.useRealTimers();
  });

  it('persists to storage and restores entries marked for revalidation, rejecting invalid ones', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    first.set('good', { rows: 1 });
    first.set('bad', { rows: 'x' });
    expect(JSON.parse(storage.items.get('cbm:good')!)).toEqual({ data: { rows: 1 }, updatedAt: 1_000_000 });

    const second = setup({ storage, validate: (key) => key === 'good' });
    const restored = second.get('good')!;
    expect(restored).toEqual({ data: { rows: 1 }, updatedAt: 1_000_000, restored: true });
    expect(second.freshness(restored)).toBe('stale'); // young, but from a previous page
    expect(second.get('bad')).toBeUndefined();
    vi.useRealTimers();
  });

  it('writes a key to storage at most every 10 s: a stream tick does not serialize every body', () => {
    const storage = memoryStorage();
    const setItem = vi.spyOn(storage, 'setItem');
    const cache = setup({ storage });
    cache.set('k', 1);
    cache.set('other', 1);
    vi.advanceTimersByTime(9_999);
    cache.set('k', 2);
    expect(setItem).toHaveBeenCalledTimes(2);
    expect(cache.get('k')?.data).toBe(2); // memory always has the latest
    vi.advanceTimersByTime(1);
    cache.set('k', 3);
    expect(setItem).toHaveBeenCalledTimes(3);
    expect(JSON.parse(storage.items.get('cbm:k') ?? 'null')).toMatchObject({ data: 3 });
  });

  it('survives a throwing storage', () => {
    const cache = setup({
      storage: {
        getItem: () => {
          throw new Error('SecurityError');
        },
        setItem: () => {
          throw new Error('QuotaExceeded');
        },
        removeItem: () => {},
      },
    });
    cache.set('k', 1);
    expect(cache.get('k')?.data).toBe(1);
    expect(cache.get('other')).toBeUndefined();
    vi.useRealTimers();
  });

  it('evicts the least recently used entry beyond maxEntries, also from storage', () => {
    const storage = memoryStorage();
    const cache = setup({ maxEntries: 2, storage });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([...storage.items.keys()].sort()).toEqual(['cbm:a', 'cbm:c']);
    storage.items.clear();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.data).toBe(1);
    vi.useRealTimers();
  });
});
