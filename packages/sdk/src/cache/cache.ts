import { untilAborted } from '../abort/abort.js';
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
}

/**
 * Persisting serializes the whole body on the main thread, so each key is written at most this often, ms: a
 * reload still finds data at most this much older than what was on screen (and stores revalidate it at once).
 */
const PERSIST_INTERVAL = 10_000;

const quietly = (action: () => void) => {
  try {
    action();
  } catch {
    // A full or forbidden storage only costs persistence.
  }
};

/** The cache's copy in `storage`, when there is one: entries read back, validated, and written. */
const createPersistence = ({ storage, prefix, validate }: CacheSettings) => {
  // Per key, the time before which `save` does not write it again.
  const nextSaveAt = new Map<string, number>();
  return {
    restore(key: string): CacheEntry | undefined {
      let restored: CacheEntry | undefined;
      quietly(() => {
        const saved = JSON.parse(storage?.getItem(prefix + key) ?? 'null') as CacheEntry | null;
        if (typeof saved?.updatedAt === 'number' && validate(key, saved.data)) {
          restored = { ...saved, restored: true };
        }
      });
      return restored;
    },
    save(key: string, entry: CacheEntry) {
      const saveAt = nextSaveAt.get(key);
      if (saveAt !== undefined && entry.updatedAt < saveAt) return;
      nextSaveAt.set(key, entry.updatedAt + PERSIST_INTERVAL);
      quietly(() => storage?.setItem(prefix + key, JSON.stringify(entry)));
    },
    remove(key: string) {
      quietly(() => storage?.removeItem(prefix + key));
    },
  };
};

/**
 * Stale-while-revalidate cache. It never drops data because a refresh failed: only `maxEntries` evicts,
 * least recently used first.
 */
export const createCache = (settings: CacheSettings) => {
  const { ttl, staleFor, maxEntries, clock } = settings;
  const persistence = createPersistence(settings);
  // In least recently used order: `get` and `set` move a key to the end.
  const entries = new Map<string, CacheEntry>();
  const flights = new Map<string, Promise<unknown>>();
  const listeners = new Set<(key: string) => void>();
  const disposed = new AbortController();

  const get = (key: string): CacheEntry | undefined => {
    const entry = entries.get(key) ?? persistence.restore(key);
    if (entry) {
      entries.delete(key);
      entries.set(key, entry);
    }
    return entry;
  };

  const set = (key: string, data: unknown) => {
    const entry: CacheEntry = { data, updatedAt: clock.now() };
    entries.delete(key);
    entries.set(key, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
      persistence.remove(oldest);
    }
    persistence.save(key, entry);
    for (const listener of listeners) listener(key);
  };

  const freshness = (entry: CacheEntry): Freshness => {
    const age = clock.now() - entry.updatedAt;
    if (age < ttl && !entry.restored) return 'fresh';
    return age < ttl + staleFor ? 'stale' : 'expired';
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
    if (entry && !force) {
      const state = freshness(entry);
      // A failed background refresh costs nothing: the data stays, and the next read tries again.
      if (state === 'stale') revalidate(key, fetcher).catch(() => {});
      if (state !== 'expired') return Promise.resolve(entry.data as T);
    }
    return untilAborted(revalidate(key, fetcher), signal);
  };

  return {
    get,
    set,
    freshness,
    read,
    isFetching: (key: string) => flights.has(key),
    /** Calls `listener` with the key of every entry `set` writes; returns the unsubscribe function. */
    listen(listener: (key: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Aborts the requests in flight. */
    dispose: () => disposed.abort(),
  };
};

export type Cache = ReturnType<typeof createCache>;
