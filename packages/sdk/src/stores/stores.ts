import { TOPICS, type Topic, type TopicData } from '@cbmo4ers/contract';
import { atom, onMount, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Cache } from '../cache/cache.js';
import type { Clock, Platform, PlatformEvent } from '../platform/platform.js';
import { type Stream, storesAwaitStream } from '../stream/stream.js';

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
  cache: Pick<Cache, 'get' | 'freshness' | 'isFetching' | 'listen'>;
  /** Started with the first subscriber and stopped after the last; its state decides who loads the stores. */
  stream: Pick<Stream, '$state' | 'start' | 'stop'>;
  /** Loads a topic (`force`: even when fresh). Rejections land in the store. */
  load(topic: Topic, force: boolean): Promise<unknown>;
  refreshInterval: number;
  clock: Clock;
  platform: Platform;
}

type TopicCache = StoresSettings['cache'];

const isFresh = (cache: TopicCache, topic: Topic): boolean => {
  const entry = cache.get(topic);
  return entry !== undefined && cache.freshness(entry) === 'fresh';
};

/** What a store shows: the cache entry of its topic, and the error of its last refresh. */
const stateOf = (cache: TopicCache, topic: Topic, error: Error | undefined): TopicState<unknown> => {
  const cached = cache.get(topic);
  const flaggedStale = (cached?.data as { stale?: unknown } | undefined)?.stale === true;
  return {
    data: cached?.data,
    error,
    loading: cache.isFetching(topic),
    stale: cached !== undefined && (!isFresh(cache, topic) || error !== undefined || flaggedStale),
    updatedAt: cached?.updatedAt,
  };
};

/** One timer for every mounted store; `schedule` (re)arms it, and it runs `poll` while `shouldPoll()`. */
const createPollTimer = (clock: Clock, interval: number, shouldPoll: () => boolean, poll: () => void) => {
  let timer: unknown;
  const schedule = () => {
    clock.clearTimeout(timer);
    if (!shouldPoll()) return;
    timer = clock.setTimeout(() => {
      poll();
      schedule();
    }, interval);
  };
  return schedule;
};

/**
 * The atoms, one per topic, and what each shows: the cache entry of its topic (they follow the cache) and the
 * error of its last load or stream event.
 */
const createTopicAtoms = (cache: TopicCache) => {
  const errors = new Map<Topic, Error>();
  // Data restored from storage shows before anything subscribes.
  const atoms = Object.fromEntries(
    TOPICS.map((topic) => [topic, atom(stateOf(cache, topic, undefined))]),
  ) as Record<Topic, WritableAtom<TopicState<unknown>>>;
  const sync = (topic: Topic) => atoms[topic].set(stateOf(cache, topic, errors.get(topic)));
  cache.listen((key) => {
    // Keys with a query (`gainers?limit=5`, calls that asked for a limit) belong to no atom.
    const topic = TOPICS.find((candidate) => candidate === key);
    if (topic) sync(topic);
  });
  return {
    atoms,
    sync,
    /** Records how a load or a stream event ended (an error, or `undefined` for success) and shows it. */
    settle(topic: Topic, error: Error | undefined) {
      if (error) errors.set(topic, error);
      else errors.delete(topic);
      sync(topic);
    },
    /** Forgets the last error without showing it: the cache is about to change, which shows it. */
    clearError(topic: Topic) {
      errors.delete(topic);
    },
  };
};

/**
 * One store per topic, refreshed while subscribed: by the stream, or by polling (paused while the page is
 * hidden, revalidated on focus and when the network comes back).
 */
export const createStores = (settings: StoresSettings) => {
  const { cache, stream, platform } = settings;
  const { atoms, sync, settle, clearError } = createTopicAtoms(cache);
  const mounted = new Set<Topic>();
  let stopListening: (() => void) | undefined;

  /** Loads one store; never rejects (the error lands in the store). */
  const refresh = async (topic: Topic, force = true): Promise<void> => {
    const loading = settings.load(topic, force);
    sync(topic); // shows `loading`
    try {
      await loading;
      settle(topic, undefined);
    } catch (error) {
      settle(topic, error as Error);
    }
  };

  /** Refreshes every mounted store; while the stream is open, only those it has not filled (yet). */
  const refreshMounted = async (): Promise<void> => {
    const open = stream.$state.get() === 'open';
    const unfilled = [...mounted].filter((topic) => !(open && cache.get(topic)));
    await Promise.all(unfilled.map((topic) => refresh(topic)));
  };

  // While the stream is open the timer still runs, for the stores it has not filled (it sends nothing while
  // the server has no data yet).
  const schedule = createPollTimer(
    settings.clock,
    settings.refreshInterval,
    () => mounted.size > 0 && platform.isVisible(),
    refreshMounted,
  );

  const onPlatform = (event: PlatformEvent) => {
    if (event !== 'hidden' && event !== 'offline') refreshMounted();
    schedule();
  };

  const mount = (topic: Topic) => {
    if (mounted.size === 0) {
      stopListening = platform.listen(onPlatform);
      stream.start();
    }
    mounted.add(topic);
    sync(topic);
    // A store that awaits the stream sends no request: the stream fills it, or its failure or the poll timer
    // loads it. Otherwise a fresh cache answers without a request.
    if (!storesAwaitStream(stream.$state.get())) refresh(topic, !isFresh(cache, topic));
    schedule();
  };

  const unmount = (topic: Topic) => {
    mounted.delete(topic);
    if (mounted.size === 0) {
      stopListening?.();
      stopListening = undefined;
      stream.stop();
    }
    schedule();
  };

  for (const topic of TOPICS) {
    // nanostores unmounts a second after the last listener left, so a re-render does not restart anything.
    onMount(atoms[topic], () => {
      mount(topic);
      return () => unmount(topic);
    });
  }
  stream.$state.listen((state) => {
    // Falling back (the stream dropped, or failed before it ever opened): poll at once rather than after a
    // full interval.
    if (state === 'failed') refreshMounted();
    schedule();
  });

  return {
    stores: Object.fromEntries(TOPICS.map((topic) => [`$${topic}`, atoms[topic]])) as unknown as TopicStores,
    /** Shows an error that did not come from a load (a bad stream event). */
    fail: settle,
    /** A stream event replaced the data: the last error no longer describes it. */
    clearError,
    /** Forced refresh of one topic, or of every subscribed one (while live, only unfilled ones). Never rejects. */
    refresh: (topic?: Topic): Promise<void> => (topic ? refresh(topic) : refreshMounted()),
    dispose() {
      mounted.clear();
      stopListening?.();
      stopListening = undefined;
      schedule();
    },
  };
};

export type Stores = ReturnType<typeof createStores>;
