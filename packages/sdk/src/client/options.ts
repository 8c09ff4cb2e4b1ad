import type { Topic } from '@cbmo4ers/contract';
import type { StorageAdapter } from '../cache/cache.js';
import type { SdkError } from '../errors/errors.js';
import { browserPlatform, type Clock, type Platform, systemClock } from '../platform/platform.js';
import type { EventSourceConstructor } from '../stream/stream.js';
import { loadTransport, type TransportModule } from '../transport/lazy.js';

export interface RetryOptions {
  /**
   * Retries after the first attempt, on network errors, timeouts, 408, 429 and 5xx.
   * @default 3
   */
  limit?: number;
  /**
   * Delay before each retry, ms; the last one repeats.
   * @default [1000, 2000, 4000]
   */
  delays?: number[];
  /**
   * Up to this fraction of each delay is added at random, so many pages do not retry in step.
   * @default 0.1
   */
  jitter?: number;
  /**
   * A server's `Retry-After` is honoured up to this many ms.
   * @default 10000
   */
  maxRetryAfter?: number;
}

export interface BreakerOptions {
  /**
   * Consecutive failed calls that open the breaker.
   * @default 5
   */
  threshold?: number;
  /**
   * How long it stays open before letting one probe through (half-open), ms.
   * @default 30000
   */
  cooldown?: number;
}

export interface CacheOptions {
  /**
   * Data younger than this is fresh and served without a request, ms.
   * @default 60000
   */
  ttl?: number;
  /**
   * After `ttl`, data is served as stale (and refreshed in the background) for this much longer, ms.
   * @default 300000
   */
  staleFor?: number;
  /**
   * Cached responses kept (least recently used evicted first).
   * @default 100
   */
  maxEntries?: number;
  /**
   * Persists the cache so a reload renders the last known data at once, marked stale. `null` turns it off.
   * @default localStorage when the platform has one, else none
   */
  storage?: StorageAdapter | null;
}

/** Options of `createClient` and `getSharedClient`. */
export interface ClientOptions {
  /**
   * Origin (and optional path prefix) of the CBMo4ers server, e.g. `https://markets.example.com`.
   * @default location.origin in a browser; required elsewhere
   */
  baseUrl?: string;
  /**
   * Timeout of each attempt, ms.
   * @default 10000
   */
  timeout?: number;
  /** Retry schedule. @default { limit: 3, delays: [1000, 2000, 4000], jitter: 0.1, maxRetryAfter: 10000 } */
  retry?: RetryOptions;
  /** Circuit breaker. @default { threshold: 5, cooldown: 30000 } */
  breaker?: BreakerOptions;
  /** Stale-while-revalidate cache. @default { ttl: 60000, staleFor: 300000, maxEntries: 100, storage: localStorage } */
  cache?: CacheOptions;
  /**
   * Polling period of subscribed stores, ms (while the stream is live, only of those it has not filled).
   * @default 5000
   */
  refreshInterval?: number;
  /**
   * Use the Server-Sent Events stream (`/api/stream`) while stores are subscribed, polling only as a fallback.
   * Needs an `EventSource`: the platform's, or in Node the package's Node entry reads the stream with `fetch`.
   * @default true
   */
  live?: boolean;
  /**
   * `fetch` implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * `EventSource` class; `null` disables the stream.
   * @default globalThis.EventSource when it exists (browsers); else, from the Node entry (what Node imports), a
   * reader over `fetch` (this option's `fetch`), sending the last event id back as `Last-Event-ID`; else none
   */
  EventSource?: EventSourceConstructor | null;
  /**
   * Time, and the timers of polling, the breaker and the stream's backoff. The per-attempt timeout, ky's retry
   * delays and nanostores' one-second unmount delay use the global timers.
   * @default Date.now, setTimeout and clearTimeout
   */
  clock?: Clock;
  /**
   * Visibility, focus and connectivity events.
   * @default reads document, window and navigator when present; in Node always visible and online
   */
  platform?: Platform;
  /**
   * Called with every failure: failed calls (after retries), failed background refreshes, bad stream events.
   * Not called for `CircuitOpenError` fast-fails, nor for a caller's abort (the request goes on for the cache,
   * and is reported if it then fails).
   * @default none
   */
  onError?: (error: SdkError, topic: Topic) => void;
}

/** Options with every default applied. Internal. */
export interface ResolvedOptions {
  baseUrl: string;
  timeout: number;
  retry: Required<RetryOptions>;
  breaker: Required<BreakerOptions>;
  cache: Required<Omit<CacheOptions, 'storage'>> & { storage: StorageAdapter | undefined };
  refreshInterval: number;
  EventSource: EventSourceConstructor | undefined;
  fetch?: typeof fetch;
  clock: Clock;
  platform: Platform;
  onError?: (error: SdkError, topic: Topic) => void;
  /** Loads the module of the transport on the first request; tests replace it. */
  loadTransport: () => Promise<TransportModule>;
}

const defaultStorage = (): StorageAdapter | undefined => {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // sandboxed iframes throw on access
  }
};

export const resolveOptions = (options: ClientOptions): ResolvedOptions => {
  const baseUrl = options.baseUrl ?? globalThis.location?.origin;
  if (!baseUrl) throw new TypeError('cbmo4ers: baseUrl is required outside a browser');
  const { storage = defaultStorage(), ...cache } = options.cache ?? {};
  // `null` turns the stream off as `live: false` does; `undefined` takes the platform's, if it has one.
  const EventSourceClass = options.EventSource === undefined ? globalThis.EventSource : options.EventSource;
  const streamWith = options.live === false ? undefined : (EventSourceClass ?? undefined);
  return {
    timeout: 10_000,
    refreshInterval: 5000,
    clock: systemClock,
    ...options,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    retry: { limit: 3, delays: [1000, 2000, 4000], jitter: 0.1, maxRetryAfter: 10_000, ...options.retry },
    breaker: { threshold: 5, cooldown: 30_000, ...options.breaker },
    cache: { ttl: 60_000, staleFor: 300_000, maxEntries: 100, ...cache, storage: storage ?? undefined },
    EventSource: streamWith,
    platform: options.platform ?? browserPlatform(),
    loadTransport,
  };
};
