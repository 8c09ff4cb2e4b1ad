// Loaded on the first request by `loadTransport()` (`lazy.ts`), in a chunk of its own with ky: the rest of the
// SDK imports only types from here (`lazy.test.ts` checks that a bundle's entry chunk has neither).
import type { ErrorBody } from '@cbmo4ers/contract';
import ky, { HTTPError, type Input } from 'ky';
import { ContractError, HttpError, isSdkError, NetworkError, TimeoutError } from '../errors/errors.js';
import { RETRIABLE_STATUSES } from './retriable.js';

export interface TransportSettings {
  /** Per-attempt timeout, ms. */
  timeout: number;
  /** Retries after the first attempt. */
  limit: number;
  /** Delay before retry n is `delays[n - 1]` (the last one repeats). */
  delays: number[];
  /** Up to this fraction of each delay is added at random. */
  jitter: number;
  /** Upper bound for a server's `Retry-After`, ms. */
  maxRetryAfter: number;
  fetch?: typeof fetch | undefined;
}

export interface GetOptions {
  signal?: AbortSignal | undefined;
  /** A status whose JSON body is returned instead of thrown, not retried (health comes with 503). */
  accept?: number;
}

/**
 * GET with retries (ky) and a timeout per attempt, errors mapped to the SDK's classes. The timeout lives in
 * the fetch handed to ky, not in ky's own `timeout`, so that a timed-out attempt is retried like a network
 * error. A caller's abort rejects with the signal's reason, untouched.
 */
export const createTransport =
  ({ timeout, delays, jitter, ...settings }: TransportSettings) =>
  async (url: string, { signal, accept }: GetOptions = {}): Promise<unknown> => {
    const timedFetch = (input: Input, init?: RequestInit) => {
      const request = input as Request; // ky always hands over a Request
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new TimeoutError('GET', url, timeout)), timeout);
      // The listener dies with the request's signal, which ky keeps for this call only.
      request.signal.addEventListener('abort', () => controller.abort(request.signal.reason));
      return (settings.fetch ?? fetch)(request, { ...init, signal: controller.signal }).finally(() =>
        clearTimeout(timer),
      );
    };
    try {
      return await ky
        .get(url, {
          timeout: false,
          fetch: timedFetch,
          // Revalidate with the browser cache (ETag, 304) rather than letting its stale-while-revalidate
          // answer for the server: a dead server must show as failing requests, not as old data served fresh.
          cache: 'no-cache',
          retry: {
            limit: settings.limit,
            statusCodes: RETRIABLE_STATUSES.filter((status) => status !== accept),
            afterStatusCodes: RETRIABLE_STATUSES,
            maxRetryAfter: settings.maxRetryAfter,
            delay: (attempt) =>
              (delays[Math.min(attempt, delays.length) - 1] ?? 0) * (1 + jitter * Math.random()),
          },
          signal: signal ?? null,
        })
        .json();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof HTTPError) {
        const body = await error.response.json().catch(() => {});
        if (error.response.status === accept) return body;
        throw new HttpError('GET', url, error.response.status, (body as ErrorBody | undefined)?.error, error);
      }
      if (isSdkError(error)) throw error; // our TimeoutError: the fetch handed to ky aborts with it
      if (error instanceof SyntaxError) throw new ContractError('GET', url, 'body is not JSON', error);
      throw new NetworkError('GET', url, error);
    }
  };

export type Transport = ReturnType<typeof createTransport>;
