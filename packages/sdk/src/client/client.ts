import { TOPIC_TABLE, TOPICS, type Topic, type TopicData, topicOfEvent } from '@cbmo4ers/contract';
import { atom, type ReadableAtom } from 'nanostores';
import type { BreakerState } from '../breaker/breaker.js';
import { createBreaker } from '../breaker/breaker.js';
import { createCache } from '../cache/cache.js';
import { checkContract } from '../contract/contract.js';
import { CircuitOpenError, ContractError, isHttpError, type SdkError } from '../errors/errors.js';
import { createLive, type Live } from '../live/live.js';
import { createStores, type Stores, type TopicState, type TopicStores } from '../stores/stores.js';
import { createTransport, isRetriableStatus } from '../transport/transport.js';
import { type ClientOptions, resolveOptions } from './options.js';

/** Query of the component endpoints. */
export interface ComponentQuery {
  /** Rows wanted, 1 to `MAX_ROWS`; without it, the topic's `defaultRows` (`TOPIC_TABLE`, `@cbmo4ers/contract`). */
  limit?: number | undefined;
  /** Aborts this call (a shared request stops only when every caller aborted). */
  signal?: AbortSignal;
}

/** Connection health, for a status badge. */
export interface ClientStatus {
  /** `live`: the stream feeds the stores; `polling`: requests every `refreshInterval`; `offline`: breaker open or no network. */
  mode: 'live' | 'polling' | 'offline';
  breaker: BreakerState;
  /** Consecutive failed calls. */
  consecutiveFailures: number;
  /** Epoch ms of the last successful call or stream event. */
  lastSuccessAt: number | undefined;
  /** The last failure (not cleared by a success; compare with `lastSuccessAt`). */
  lastError: SdkError | undefined;
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
   * the topic's `defaultRows` (`TOPIC_TABLE`); a larger figure than before refreshes them. Stores then
   * hold the largest figure any caller asked for: each consumer shows the first rows it wants. Calls without
   * a `limit` share the stores' cache entry, so they may then answer with those rows too.
   */
  ensureRows(topic: Exclude<Topic, 'health'>, rows: number): void;
  /** Stops timers, the stream and requests in flight. */
  dispose(): void;
}

const EVENTS = TOPICS.map((topic) => TOPIC_TABLE[topic].event);

/** Creates a client with its own cache, breaker, stores and stream. */
export const createClient = (options: ClientOptions = {}): Client => {
  const resolved = resolveOptions(options);
  const { baseUrl, clock, platform, onError } = resolved;
  const $status = atom({ breaker: 'closed', consecutiveFailures: 0 } as ClientStatus);
  // Whether the stream is open; `undefined` until it first opens or fails, while stores await it.
  let streaming: boolean | undefined;
  let live: Live | undefined;

  const setStatus = (patch: Partial<ClientStatus>) => {
    const next = { ...$status.get(), ...patch };
    next.mode = next.breaker === 'open' || !platform.isOnline() ? 'offline' : streaming ? 'live' : 'polling';
    $status.set(next);
  };
  const report = (error: SdkError, topic: Topic) => {
    setStatus({ lastError: error });
    onError?.(error, topic);
  };
  const succeed = () => setStatus({ lastSuccessAt: clock.now() });
  setStatus({});

  const breaker = createBreaker({
    ...resolved.breaker,
    clock,
    onChange: ({ state, failures }) => setStatus({ breaker: state, consecutiveFailures: failures }),
  });
  const transport = createTransport({ ...resolved, ...resolved.retry });
  // Cache keys: the topic, plus `?limit=N` when a call asked for a limit. Stores use the bare topic.
  const cache = createCache({
    ...resolved.cache,
    clock,
    prefix: `cbm:${baseUrl}:`,
    validate: (key, data) => !checkContract(key.split('?')[0] as Topic, data),
    onChange: (key) => key.includes('?') || stores.sync(key as Topic),
  });

  const fetchTopic = async (topic: Topic, url: string, signal: AbortSignal): Promise<unknown> => {
    if (!breaker.acquire()) throw new CircuitOpenError('GET', url, breaker.snapshot().retryAt ?? clock.now());
    try {
      const body = await transport(url, { signal, accept: topic === 'health' ? 503 : 0 });
      const problem = checkContract(topic, body);
      if (problem) throw new ContractError('GET', url, problem);
      breaker.success();
      succeed();
      return body;
    } catch (error) {
      // Aborts and plain 4xx say nothing about the server's health.
      if (signal.aborted || (isHttpError(error) && !isRetriableStatus(error.status))) breaker.release();
      else breaker.failure();
      if (!signal.aborted) report(error as SdkError, topic);
      throw error;
    }
  };

  /**
   * `direct`: a caller awaits it; while the breaker is open it answers from the cache, even expired.
   * Without it, a store loads: cached under the bare topic, with the rows `ensureRows` asked for.
   */
  const load = (topic: Topic, { limit, signal }: ComponentQuery, force: boolean, direct?: boolean) => {
    const query = limit ? `?limit=${limit}` : '';
    const key = direct ? topic + query : topic;
    const entry = cache.get(key);
    if (direct && entry && !breaker.canRequest()) return Promise.resolve(entry.data);
    return cache.read(
      key,
      (inner) => fetchTopic(topic, baseUrl + TOPIC_TABLE[topic].path + query, inner),
      force,
      signal,
    );
  };

  // Rows per topic beyond the server's defaults (ensureRows); the stream's one `limit` is the largest.
  const rows: Partial<Record<Topic, number>> = {};
  let most = 0;
  // The stream is starting or open: it brings every topic, with the rows `ensureRows` asked for.
  const streams = () => !!live && streaming !== false;
  const stores: Stores = createStores({
    cache,
    load: (topic, force) => load(topic, { limit: rows[topic] }, force),
    isLive: () => !!streaming,
    streams,
    onActive: (active) => (active ? live?.start() : live?.stop()),
    refreshInterval: resolved.refreshInterval,
    clock,
    // The client hears the platform through the stores: it matters only while something is subscribed.
    platform: {
      ...platform,
      listen: (listener) =>
        platform.listen((event) => {
          if (event === 'online') live?.retryNow();
          setStatus({});
          listener(event);
        }),
    },
  });

  const streamUrl = `${baseUrl}/api/stream?topics=${EVENTS}`;
  if (resolved.EventSource) {
    live = createLive({
      url: () => (most ? `${streamUrl}&limit=${most}` : streamUrl),
      events: EVENTS,
      EventSource: resolved.EventSource,
      clock,
      onEvent(event, raw) {
        const topic = topicOfEvent(event)!;
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {}
        const problem = checkContract(topic, body);
        if (problem) {
          const error = new ContractError('GET', streamUrl, `event ${event}: ${problem}`);
          stores.fail(topic, error);
          return report(error, topic);
        }
        stores.clearError(topic);
        cache.set(topic, body);
        succeed();
      },
      onLive(open) {
        if (open) breaker.success();
        if (open !== streaming) {
          streaming = open;
          setStatus({});
          // Falling back (the stream dropped, or failed before it ever opened): poll at once rather than
          // after a full interval.
          if (!open) stores.refresh();
          stores.schedule();
        }
      },
    });
  }

  // `client.gainers(query)` and its siblings, one per topic.
  const calls = Object.fromEntries(
    TOPICS.map((topic) => [topic, (query: ComponentQuery = {}) => load(topic, query, false, true)]),
  ) as unknown as Pick<Client, Topic>;

  return {
    ...calls,
    ...stores.stores,
    $status,
    store<T extends Topic>(topic: T) {
      // TypeScript cannot follow a generic key through the `$` prefix: `TopicStores` states the same type.
      return stores.stores[`$${topic}`] as ReadableAtom<TopicState<TopicData[T]>>;
    },
    refresh(topic) {
      breaker.probeNow();
      live?.retryNow();
      return stores.refresh(topic);
    },
    ensureRows(topic, count) {
      if (count > (rows[topic] ?? TOPIC_TABLE[topic].defaultRows)) {
        rows[topic] = count;
        if (count > most) {
          most = count;
          live?.retryNow(true);
        }
        // The stream's (re)connection brings the rows; without it, a request.
        streams() || stores.refresh(topic);
      }
    },
    dispose() {
      stores.dispose();
      live?.stop();
      breaker.dispose();
      cache.dispose();
    },
  };
};
