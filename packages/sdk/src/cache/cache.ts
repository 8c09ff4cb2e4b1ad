import type { Clock } from '../platform/platform.js';

/** The subset of the Web Storage API the cache uses (`localStorage` fits). */
export interface StorageAdapter {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface CacheEntry<T = unknown> {
  data: T;
  /** Epoch ms (client clock) when the data arrived. */
  updatedAt: number;
  /** Read back from storage: shown at once, but always revalidated. */
  restored?: true;
}

export type Freshness = 'fresh' | 'stale' | 'expired';

export interface CacheSettings {
  ttl: number;
  staleFor: number;
  maxEntries: number;
  storage: StorageAdapter | undefined;
  /** Prefix of storage keys, so several servers can share one storage. */
  prefix: string;
  clock: Clock;
  /** Accepts or rejects data read back from storage (it may come from an older version). */
  validate: (key: string, data: unknown) => boolean;
  onChange?: (key: string) => void;
}

/**
 * Stale-while-revalidate cache. It never drops data because a refresh failed: only `maxEntries` evicts,
 * least recently used first.
 */
export const createCache = (settings: CacheSettings) => {
  const { ttl, staleFor, maxEntries, storage, prefix, clock } = settings;
  const entries = new Map<string, CacheEntry>();
  const flights = new Map<string, Promise<unknown>>();
  const persistAfter: Record<string, number> = {};
  const disposed = new AbortController();
  const quietly = (action: () => void) => {
    try {
      action();
    } catch {
      // A full or forbidden storage only costs persistence.
    }
  };

  const get = (key: string): CacheEntry | undefined => {
    let entry = entries.get(key);
    if (entry) entries.delete(key);
    else
      quietly(() => {
        const saved = JSON.parse(storage?.getItem(prefix + key) ?? 'null') as CacheEntry | null;
        if (typeof saved?.updatedAt === 'number' && settings.validate(key, saved.data)) {
          entry = { ...saved, restored: true };
        }
      });
    if (entry) entries.set(key, entry);
    return entry;
  };

  const set = (key: string, data: unknown) => {
    const updatedAt = clock.now();
    const entry: CacheEntry = { data, updatedAt };
    entries.delete(key);
    entries.set(key, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
      quietly(() => storage?.removeItem(prefix + oldest));
    }
    // Persisting serializes the whole body on the main thread: at most every 10 s per key (a reload still
    // finds data at most 10 s older than what was on screen; stores revalidate it at once anyway).
    if (!(updatedAt < persistAfter[key]!)) {
      persistAfter[key] = updatedAt + 1e4;
      quietly(() => storage?.setItem(prefix + key, JSON.stringify(entry)));
    }
    settings.onChange?.(key);
  };

  const freshness = (entry: CacheEntry): Freshness => {
    const age = clock.now() - entry.updatedAt;
    return age < ttl && !entry.restored ? 'fresh' : age < ttl + staleFor ? 'stale' : 'expired';
  };

  /** Runs `fetcher` for `key` unless a run is already under way, which it joins. */
  const revalidate = <T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    let flight = flights.get(key) as Promise<T> | undefined;
    if (!flight) {
      // Out of `flights` before `set` notifies, so listeners see the fetch as finished.
      flight = fetcher(disposed.signal)
        .finally(() => flights.delete(key))
        .then((data) => {
          set(key, data);
          return data;
        });
      flights.set(key, flight);
    }
    return flight;
  };

  /**
   * Fresh: cached. Stale: cached, refreshed in the background. Expired or missing (or `force`): fetched.
   * A caller's `signal` rejects its own promise at once; the shared request goes on and fills the cache.
   */
  const read = <T>(
    key: string,
    fetcher: (signal: AbortSignal) => Promise<T>,
    force?: boolean,
    signal?: AbortSignal,
  ): Promise<T> => {
    const entry = get(key);
    const state = entry && !force ? freshness(entry) : 'expired';
    if (state === 'stale') revalidate(key, fetcher).catch(() => {});
    if (state !== 'expired') return Promise.resolve(entry!.data as T);
    const flight = revalidate(key, fetcher);
    return signal
      ? new Promise<T>((resolve, reject) => {
          signal.throwIfAborted();
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          flight.then(resolve, reject);
        })
      : flight;
  };

  return {
    get,
    set,
    freshness,
    read,
    isFetching: (key: string) => flights.has(key),
    /** Aborts the requests in flight. */
    dispose: () => disposed.abort(),
  };
};

export type Cache = ReturnType<typeof createCache>;
