import { type RowTopic, TOPIC_TABLE, TOPICS, type Topic, type TopicData } from '@cbmo4ers/contract';
import type { ReadableAtom } from 'nanostores';
import { createBreaker } from '../breaker/breaker.js';
import { createCache } from '../cache/cache.js';
import { checkContract } from '../contract/contract.js';
import type { Platform, PlatformEvent } from '../platform/platform.js';
import { createRequests, type Requests } from '../requests/requests.js';
import { type ClientStatus, createStatus } from '../status/status.js';
import { createStores, type TopicState, type TopicStores } from '../stores/stores.js';
import { createStream, type Stream, storesAwaitStream } from '../stream/stream.js';
import { createLazyTransport } from '../transport/lazy.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';

/** Query of the component endpoints. */
export interface ComponentQuery {
  /** Rows wanted, 1 to `MAX_ROWS`; without it, the topic's `defaultRows` (`TOPIC_TABLE`, `@cbmo4ers/contract`). */
  limit?: number | undefined;
  /**
   * Rejects this call at once with the signal's reason. The request goes on and fills the cache: other calls
   * and the stores may share it.
   */
  signal?: AbortSignal;
}

export interface Client extends TopicStores {
  gainers(query?: ComponentQuery): Promise<TopicData['gainers']>;
  losers(query?: ComponentQuery): Promise<TopicData['losers']>;
  topBanner(query?: ComponentQuery): Promise<TopicData['topBanner']>;
  bottomBanner(query?: ComponentQuery): Promise<TopicData['bottomBanner']>;
  health(options?: { signal?: AbortSignal }): Promise<TopicData['health']>;
  $status: ReadableAtom<ClientStatus>;
  /**
   * The store of `topic`: the very atom of `$gainers`, `$losers`... (`client.store('gainers') ===
   * client.$gainers`), typed by the topic, for code that picks its topic at run time.
   */
  store<T extends Topic>(topic: T): ReadableAtom<TopicState<TopicData[T]>>;
  /**
   * Refreshes one store, or every subscribed one (while the stream is live, those it has not filled), now:
   * skips the rest of an open breaker's cooldown and reconnects a failed stream. For retry buttons. Never
   * rejects; outcomes land in the stores.
   */
  refresh(topic?: Topic): Promise<void>;
  /**
   * From now on the stores of `topic` (and the stream) carry at least `rows` rows, 1 to `MAX_ROWS`, instead of
   * the topic's `defaultRows` (`TOPIC_TABLE`); a larger figure than before refreshes them. Stores then hold the
   * largest figure any caller asked for: each consumer shows the first rows it wants. Calls without a `limit`
   * share the stores' cache entry, so they may then answer with those rows too.
   */
  ensureRows(topic: RowTopic, rows: number): void;
  /** Stops timers, the stream and requests in flight. */
  dispose(): void;
}

/** The rows `ensureRows` asked for, per topic; the stream's one `limit` is the largest of them. */
const createRowDemand = () => {
  const rows: Partial<Record<Topic, number>> = {};
  let most = 0;
  return {
    /** The rows the stores of `topic` load; `undefined` for the topic's default. */
    of: (topic: Topic): number | undefined => rows[topic],
    most: () => most,
    /** Records a demand; says whether the topic's rows grew and whether the stream's did. */
    ask(topic: RowTopic, count: number) {
      const topicGrew = count > (rows[topic] ?? TOPIC_TABLE[topic].defaultRows);
      if (topicGrew) rows[topic] = count;
      const streamGrew = topicGrew && count > most;
      if (streamGrew) most = count;
      return { topicGrew, streamGrew };
    },
  };
};

/** `client.gainers(query)` and its siblings, one per topic. */
const topicCalls = (requests: Requests) =>
  Object.fromEntries(
    TOPICS.map((topic) => [
      topic,
      (query: ComponentQuery = {}) => requests.read(topic, { ...query, direct: true }),
    ]),
  ) as unknown as Pick<Client, Topic>;

/**
 * The platform as the stores see it, also telling the client's status and stream: the client hears the
 * platform only while something is subscribed, as the stores do.
 */
const platformForStores = (platform: Platform, onEvent: (event: PlatformEvent) => void): Platform => ({
  ...platform,
  listen: (listener) =>
    platform.listen((event) => {
      onEvent(event);
      listener(event);
    }),
});

/** Creates a client with its own cache, breaker, stores and stream. */
export const createClient = (options: ClientOptions = {}): Client => clientOf(resolveOptions(options));

/** The client of options already resolved; tests set internal ones there (`loadTransport`). Internal. */
export const clientOf = (resolved: ResolvedOptions): Client => {
  const { baseUrl, clock, platform } = resolved;
  const rows = createRowDemand();
  const stream: Stream = createStream({ baseUrl, clock, EventSource: resolved.EventSource, rows: rows.most });
  const status = createStatus({ platform, clock, streamState: stream.$state, onError: resolved.onError });
  const breaker = createBreaker({
    ...resolved.breaker,
    clock,
    onChange: ({ state, failures }) => status.update({ breaker: state, consecutiveFailures: failures }),
  });
  const cache = createCache({
    ...resolved.cache,
    clock,
    prefix: `cbm:${baseUrl}:`,
    // Keys are the topic, plus `?limit=N` for calls that asked for a limit.
    validate: (key, data) => !checkContract(key.split('?')[0] as Topic, data),
  });
  const requests = createRequests({
    baseUrl,
    transport: createLazyTransport({ ...resolved, ...resolved.retry }, resolved.loadTransport),
    breaker,
    cache,
    clock,
    onSuccess: status.succeeded,
    onFailure: status.failed,
  });
  const stores = createStores({
    cache,
    stream,
    load: (topic, force) => requests.read(topic, { limit: rows.of(topic), force }),
    refreshInterval: resolved.refreshInterval,
    clock,
    platform: platformForStores(platform, (event) => {
      if (event === 'online') stream.retryNow();
      status.update({});
    }),
  });
  // The stream's events fill the cache as responses do; the stores show them from there.
  stream.listen({
    opened: () => breaker.success(),
    message(topic, body) {
      stores.clearError(topic);
      cache.set(topic, body);
      status.succeeded();
    },
    invalid(topic, error) {
      stores.fail(topic, error);
      status.failed(error, topic);
    },
  });

  return {
    ...topicCalls(requests),
    ...stores.stores,
    $status: status.$status,
    store<T extends Topic>(topic: T) {
      // TypeScript cannot follow a generic key through the `$` prefix: `TopicStores` states the same type.
      return stores.stores[`$${topic}`] as ReadableAtom<TopicState<TopicData[T]>>;
    },
    refresh(topic) {
      breaker.probeNow();
      stream.retryNow();
      return stores.refresh(topic);
    },
    ensureRows(topic, count) {
      const { topicGrew, streamGrew } = rows.ask(topic, count);
      if (streamGrew) stream.retryNow(true);
      // The stream's (re)connection brings the rows; without it, a request.
      if (topicGrew && !storesAwaitStream(stream.$state.get())) stores.refresh(topic);
    },
    dispose() {
      stores.dispose();
      stream.stop();
      breaker.dispose();
      cache.dispose();
    },
  };
};
