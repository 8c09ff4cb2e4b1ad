import { TOPICS, type Topic, type TopicData } from '@cbmo4ers/contract';
import { atom, type ReadableAtom } from 'nanostores';
import type { Cache } from '../cache/cache.js';
import type { Clock, Platform } from '../platform/platform.js';

/** The value of every data store. */
export interface TopicState<T> {
  /** The last good body, kept through failed refreshes; `undefined` until one arrives. */
  data: T | undefined;
  /** The error of the last refresh; cleared by the next success. */
  error: Error | undefined;
  /** A request for this store is in flight (with `data` present it is a background refresh). */
  loading: boolean;
  /**
   * `data` may not be current: older than `cache.ttl`, restored from storage, the last refresh failed, or the
   * server flagged its own upstream data stale.
   */
  stale: boolean;
  /** Epoch ms (client clock) when `data` arrived. */
  updatedAt: number | undefined;
}

/** `$gainers`, `$losers`, `$topBanner`, `$bottomBanner`, `$health`. */
export type TopicStores = { [K in Topic as `$${K}`]: ReadableAtom<TopicState<TopicData[K]>> };

export interface StoresSettings {
  /** The SWR cache; a store shows the entry keyed by its bare topic name. */
  cache: Pick<Cache, 'get' | 'freshness' | 'isFetching'>;
  /** Loads a topic (`force`: even when fresh). Rejections land in the store. */
  load(topic: Topic, force: boolean): Promise<unknown>;
  /** True while something else (the stream) keeps the data current: polling requests only unfilled stores. */
  isLive(): boolean;
  /**
   * True while a stream is expected to bring the data (it is starting or open): a store that gains its first
   * subscriber then sends no request of its own. The stream sends every topic as soon as it connects, so it
   * answers as fast as a request would. The owner calls `refresh()` when the stream fails; a stream that has
   * not opened by the end of `refreshInterval` leaves the loading to the poll timer.
   */
  streams(): boolean;
  /** Called with true when the first store gains a subscriber, false when the last one loses it. */
  onActive(active: boolean): void;
  refreshInterval: number;
  clock: Clock;
  platform: Platform;
}

/** One store per topic, refreshed while subscribed: polling, paused while hidden, revalidated on focus/online. */
export const createStores = (settings: StoresSettings) => {
  const { clock, platform, cache } = settings;
  const isFresh = (topic: Topic) => {
    const entry = cache.get(topic);
    return !!entry && cache.freshness(entry) === 'fresh';
  };
  const errors = new Map<Topic, Error | undefined>();
  const mounted = new Set<Topic>();
  // The atoms under their public names (`$gainers`...).
  const named: Record<string, ReturnType<typeof atom<TopicState<unknown>>>> = {};
  let timer: unknown;
  let unlisten: (() => void) | undefined;

  const sync = (topic: Topic) => {
    const cached = cache.get(topic);
    const error = errors.get(topic);
    named[`$${topic}`]!.set({
      data: cached?.data,
      error,
      loading: cache.isFetching(topic),
      stale: !!cached && (!isFresh(topic) || !!error || (cached.data as { stale?: unknown }).stale === true),
      updatedAt: cached?.updatedAt,
    });
  };

  const refresh = (topic: Topic, force = true): Promise<void> => {
    const loading = settings.load(topic, force).then(
      () => errors.delete(topic),
      (error: Error) => errors.set(topic, error),
    );
    sync(topic);
    return loading.then(() => sync(topic));
  };

  /** Refreshes every subscribed store; while the stream is live, only those it has not filled (yet). */
  const refreshMounted = () =>
    Promise.all(
      [...mounted].map((topic) => (settings.isLive() && cache.get(topic)) || refresh(topic)),
    ) as Promise<unknown> as Promise<void>;

  /**
   * (Re)arms the poll timer: one timer for all mounted stores. While the stream is live it still runs, for the
   * stores the stream has not filled (it sends nothing while the server has no data yet).
   */
  const schedule = () => {
    clock.clearTimeout(timer);
    if (mounted.size && platform.isVisible()) {
      timer = clock.setTimeout(() => {
        refreshMounted();
        schedule();
      }, settings.refreshInterval);
    }
  };

  const onPlatform = (event: string) => {
    if (event !== 'hidden' && event !== 'offline') refreshMounted();
    schedule();
  };

  const mount = (topic: Topic) => {
    if (!mounted.size) {
      unlisten = platform.listen(onPlatform);
      settings.onActive(true);
    }
    mounted.add(topic);
    sync(topic);
    // A fresh cache answers without a request. A store that awaits the stream sends none either: the stream
    // fills it, or its failure or the poll timer loads it.
    settings.streams() || refresh(topic, !isFresh(topic));
    schedule();
  };

  const unmount = (topic: Topic) => {
    mounted.delete(topic);
    if (!mounted.size) {
      unlisten?.();
      settings.onActive(false);
    }
    schedule();
  };

  for (const topic of TOPICS) {
    const store = atom<TopicState<unknown>>(undefined as never);
    named[`$${topic}`] = store;
    sync(topic); // data restored from storage shows before anything subscribes
    // Mount tracking without nanostores' onMount (a quarter of a KB): the atom calls `off()` when its last
    // listener leaves; unmounting waits a second like onMount does, so re-renders do not restart polling.
    const listen = store.listen;
    let unmountTimer: unknown;
    store.listen = (listener) => {
      clock.clearTimeout(unmountTimer);
      if (!mounted.has(topic)) mount(topic);
      return listen(listener);
    };
    store.off = () => {
      unmountTimer = clock.setTimeout(() => unmount(topic), 1000);
    };
  }

  return {
    stores: named as unknown as TopicStores,
    sync,
    /** Records an error that did not come from a load (a bad stream event). */
    fail(topic: Topic, error: Error) {
      errors.set(topic, error);
      sync(topic);
    },
    /** A stream event replaced the data: the last error no longer describes it. */
    clearError: (topic: Topic) => errors.delete(topic),
    /** Forced refresh of one topic, or of every subscribed one (while live, only unfilled ones). Never rejects. */
    refresh: (topic?: Topic) => (topic ? refresh(topic) : refreshMounted()),
    schedule,
    dispose() {
      mounted.clear();
      unlisten?.();
      schedule();
    },
  };
};

export type Stores = ReturnType<typeof createStores>;
