import { TOPIC_TABLE, type Topic } from '@cbmo4ers/contract';
import type { Breaker } from '../breaker/breaker.js';
import type { Cache } from '../cache/cache.js';
import { checkContract } from '../contract/contract.js';
import { CircuitOpenError, ContractError, isHttpError, type SdkError } from '../errors/errors.js';
import type { Clock } from '../platform/platform.js';
import { isRetriableStatus } from '../transport/retriable.js';
import type { Transport } from '../transport/transport.js';

export interface RequestsSettings {
  baseUrl: string;
  transport: Transport;
  breaker: Breaker;
  cache: Cache;
  clock: Clock;
  onSuccess(): void;
  /** A request failed (not when the client was disposed meanwhile). */
  onFailure(error: SdkError, topic: Topic): void;
}

/** How a topic is read. */
export interface ReadOptions {
  /** Rows to ask for; the topic's default when absent. */
  limit?: number | undefined;
  /** Rejects this read at once when aborted; the request itself goes on and fills the cache. */
  signal?: AbortSignal | undefined;
  /** Request even when the cache has fresh data. */
  force?: boolean;
  /**
   * A caller awaits the read (`client.gainers()`): its cache entry is the topic plus its `limit`, and while
   * the breaker is open it is answered from the cache, even expired. Otherwise a store reads: its entry is
   * the bare topic.
   */
  direct?: boolean;
}

/** Topic requests through the breaker and the contract check, and reads through the cache. */
export const createRequests = (settings: RequestsSettings) => {
  const { baseUrl, transport, breaker, cache, clock } = settings;

  /** `signal` is the cache's: it aborts only when the client is disposed. */
  const request = async (topic: Topic, url: string, signal: AbortSignal): Promise<unknown> => {
    if (!breaker.acquire()) throw new CircuitOpenError('GET', url, breaker.snapshot().retryAt ?? clock.now());
    try {
      // The health document comes with a 503 when the server is unhealthy: still an answer.
      const body = await transport(url, { signal, accept: topic === 'health' ? 503 : 0 });
      const problem = checkContract(topic, body);
      if (problem) throw new ContractError('GET', url, problem);
      breaker.success();
      settings.onSuccess();
      return body;
    } catch (error) {
      // A dispose and a plain 4xx say nothing about the server's health.
      if (signal.aborted || (isHttpError(error) && !isRetriableStatus(error.status))) breaker.release();
      else breaker.failure();
      if (!signal.aborted) settings.onFailure(error as SdkError, topic);
      throw error;
    }
  };

  const read = (
    topic: Topic,
    { limit, signal, force = false, direct = false }: ReadOptions,
  ): Promise<unknown> => {
    const query = limit ? `?limit=${limit}` : '';
    const key = direct ? topic + query : topic;
    const entry = cache.get(key);
    if (direct && entry && !breaker.canRequest()) return Promise.resolve(entry.data);
    const url = baseUrl + TOPIC_TABLE[topic].path + query;
    return cache.read(key, (disposed) => request(topic, url, disposed), force, signal);
  };

  return { read };
};

export type Requests = ReturnType<typeof createRequests>;
