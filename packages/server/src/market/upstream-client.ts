import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IPolicy,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';

/** An upstream REST call that failed; `retryable` says whether trying again may help. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError' as const;
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    readonly retryAfterMs: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface UpstreamClientOptions {
  fetch?: typeof fetch;
  /** Per-attempt timeout. @default 10000 */
  timeoutMs?: number;
  /** Attempts per call, the first included. @default 4 */
  maxAttempts?: number;
  /** Retry-After values above this are capped so one call never stalls its caller for long. @default 30000 */
  maxRetryAfterMs?: number;
  /** First retry delay without Retry-After; doubles per attempt up to 16 times it. @default 500 */
  backoffBaseMs?: number;
  /** Consecutive failed calls that open the breaker. @default 5 */
  breakerThreshold?: number;
  /** How long the breaker stays open before one probe call. @default 30000 */
  breakerCooldownMs?: number;
  /** Awaited before every HTTP request: the upstream's rate budget. */
  acquire?: () => Promise<void>;
  /** Observes every HTTP response or transport error (metrics, budget pauses). */
  onResponse?: (event: { url: string; status: number | undefined; error: Error | undefined }) => void;
  /** Sent with every request, besides `accept` and `user-agent`. */
  headers?: Record<string, string>;
  userAgent?: string;
}

/**
 * GET-JSON against one upstream behind one cockatiel policy: per-attempt timeout, retry on 408/429/5xx,
 * transport errors and unreadable bodies (honouring Retry-After), and a consecutive-failure breaker whose state
 * health and metrics show. Coinbase REST and CoinGecko each hold one, so each breaker reflects its upstream.
 */
export class UpstreamClient {
  readonly #options: UpstreamClientOptions;
  readonly #fetch: typeof fetch;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #policy: IPolicy;
  #lastError: string | null = null;

  constructor(options: UpstreamClientOptions = {}) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
    const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
    const base = options.backoffBaseMs ?? 500;
    const retryable = handleWhen((error) => !(error instanceof UpstreamError) || error.retryable);
    const retryPolicy = retry(retryable, {
      maxAttempts: (options.maxAttempts ?? 4) - 1,
      backoff: new DelegateBackoff((context) => {
        const error = 'error' in context.result ? context.result.error : undefined;
        if (error instanceof UpstreamError && error.retryAfterMs !== undefined) {
          return Math.min(error.retryAfterMs, maxRetryAfter);
        }
        // Exponential with jitter in the upper half, capped at 16 times the base.
        const delay = Math.min(base * 2 ** (context.attempt - 1), base * 16);
        return delay / 2 + Math.random() * (delay / 2);
      }),
    });
    this.#breaker = circuitBreaker(retryable, {
      halfOpenAfter: options.breakerCooldownMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    this.#policy = wrap(
      this.#breaker,
      retryPolicy,
      timeout(options.timeoutMs ?? 10_000, TimeoutStrategy.Aggressive),
    );
  }

  get breakerState(): BreakerState {
    switch (this.#breaker.state) {
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'closed';
    }
  }

  /** The last failure, cleared by a success; while the breaker is open, the failure that opened it. */
  get lastError(): string | null {
    return this.#lastError;
  }

  onBreakerChange(listener: (state: BreakerState) => void): void {
    this.#breaker.onStateChange(() => listener(this.breakerState));
  }

  /**
   * GETs `url` and hands the parsed JSON to `parse`, which throws when the body is not `what` (the message then
   * says so). Throws {@link UpstreamError} once retries are spent or while the breaker is open.
   */
  async getJson<T>(url: string, parse: (body: unknown) => T, what = 'the expected shape'): Promise<T> {
    try {
      const result = await this.#policy.execute(({ signal }) => this.#attempt(url, parse, what, signal));
      this.#lastError = null;
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof BrokenCircuitError)) this.#lastError = message;
      throw error instanceof UpstreamError
        ? error
        : new UpstreamError(`GET ${url} failed: ${message}`, undefined, false, undefined, { cause: error });
    }
  }

  async #attempt<T>(url: string, parse: (body: unknown) => T, what: string, signal: AbortSignal): Promise<T> {
    await this.#options.acquire?.();
    const report = (status: number | undefined, error: Error | undefined) =>
      this.#options.onResponse?.({ url, status, error });
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: {
          accept: 'application/json',
          'user-agent': this.#options.userAgent ?? 'cbmo4ers-server',
          ...this.#options.headers,
        },
        signal,
      });
    } catch (cause) {
      const error = new UpstreamError(
        `GET ${url} failed: ${(cause as Error).message}`,
        undefined,
        true,
        undefined,
        {
          cause,
        },
      );
      report(undefined, error);
      throw error;
    }
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const error = new UpstreamError(
        `GET ${url} answered ${response.status}`,
        response.status,
        retryable,
        retryAfter,
      );
      report(response.status, error);
      throw error;
    }
    let parsed: T;
    try {
      parsed = parse(JSON.parse(text));
    } catch (cause) {
      // A truncated or changed body is usually transient (a proxy, a deploy): retry it like a 5xx.
      const error = new UpstreamError(
        `GET ${url} returned a body that is not ${what}`,
        200,
        true,
        undefined,
        { cause },
      );
      report(response.status, error);
      throw error;
    }
    report(response.status, undefined);
    return parsed;
  }
}

/**
 * An API of one upstream behind its own {@link UpstreamClient}: what health and metrics read of it (the breaker's
 * state and the last error) comes from that one client, so the breaker reflects the upstream as a whole.
 */
export abstract class UpstreamApi {
  protected readonly http: UpstreamClient;

  constructor(http: UpstreamClient) {
    this.http = http;
  }

  get breakerState(): BreakerState {
    return this.http.breakerState;
  }

  /** The last failure, cleared by a success; while the breaker is open, the failure that opened it. */
  get lastError(): string | null {
    return this.http.lastError;
  }

  onBreakerChange(listener: (state: BreakerState) => void): void {
    this.http.onBreakerChange(listener);
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
