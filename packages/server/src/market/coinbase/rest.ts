import {
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
import { z } from 'zod';
import type { Candle, ProductInfo, ProductStats } from '../types.js';

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

export interface CoinbaseRestOptions {
  /** e.g. https://api.exchange.coinbase.com (no trailing slash). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout. @default 10000 */
  timeoutMs?: number;
  /** Attempts per call, the first included. @default 4 */
  maxAttempts?: number;
  /** Retry-After values above this are capped so one call never stalls the backfill for long. @default 30000 */
  maxRetryAfterMs?: number;
  /** Consecutive failed calls that open the breaker. @default 5 */
  breakerThreshold?: number;
  /** How long the breaker stays open before one probe call. @default 30000 */
  breakerCooldownMs?: number;
  /** Awaited before every HTTP request: the shared rate budget. */
  acquire?: () => Promise<void>;
  /** Observes every HTTP response or transport error (metrics, logs). */
  onResponse?: (event: { path: string; status: number | undefined; error: Error | undefined }) => void;
  userAgent?: string;
}

const numeric = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().finite());

const productSchema = z.object({
  id: z.string(),
  base_currency: z.string(),
  quote_currency: z.string(),
  display_name: z.string().optional(),
  status: z.string(),
  trading_disabled: z.boolean().optional(),
  fx_stablecoin: z.boolean().optional(),
});
const currencySchema = z.object({ id: z.string(), name: z.string() });
const candleRowSchema = z.tuple([numeric, numeric, numeric, numeric, numeric, numeric]);
const statsSchema = z.object({ volume: numeric, last: numeric.optional() });

/**
 * Coinbase Exchange public REST: products, currencies, one-minute candles, 24 h stats. Every call goes through
 * the same cockatiel policy (per-attempt timeout, retry on 429/5xx/transport errors honouring Retry-After,
 * consecutive-failure breaker), so the breaker reflects the upstream as a whole.
 */
export class CoinbaseRest {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #options: CoinbaseRestOptions;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #policy: IPolicy;
  #lastError: string | null = null;

  constructor(options: CoinbaseRestOptions) {
    this.#options = options;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch;
    const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
    const retryable = handleWhen((error) => !(error instanceof UpstreamError) || error.retryable);
    const retryPolicy = retry(retryable, {
      maxAttempts: (options.maxAttempts ?? 4) - 1,
      backoff: new DelegateBackoff((context) => {
        const reason = context.result;
        const error = 'error' in reason ? reason.error : undefined;
        if (error instanceof UpstreamError && error.retryAfterMs !== undefined) {
          return Math.min(error.retryAfterMs, maxRetryAfter);
        }
        // Exponential with jitter: 500 ms, 1 s, 2 s, ... capped at 8 s.
        const base = Math.min(500 * 2 ** (context.attempt - 1), 8000);
        return base / 2 + Math.random() * (base / 2);
      }),
    });
    this.#breaker = circuitBreaker(retryable, {
      halfOpenAfter: options.breakerCooldownMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    const perAttemptTimeout = timeout(options.timeoutMs ?? 10_000, TimeoutStrategy.Aggressive);
    this.#policy = wrap(this.#breaker, retryPolicy, perAttemptTimeout);
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

  get lastError(): string | null {
    return this.#lastError;
  }

  onBreakerChange(listener: (state: BreakerState) => void): void {
    this.#breaker.onStateChange(() => listener(this.breakerState));
  }

  async products(): Promise<ProductInfo[]> {
    const [products, currencies] = await Promise.all([
      this.#get('/products', z.array(productSchema)),
      this.#get('/currencies', z.array(currencySchema)).catch(() => []),
    ]);
    const names = new Map(currencies.map((currency) => [currency.id.toUpperCase(), currency.name]));
    return products.map((product) => ({
      id: product.id,
      base: product.base_currency.toUpperCase(),
      quote: product.quote_currency.toUpperCase(),
      name: names.get(product.base_currency.toUpperCase()) ?? product.base_currency.toUpperCase(),
      online: product.status === 'online' && product.trading_disabled !== true,
      fxStablecoin: product.fx_stablecoin === true,
    }));
  }

  /** One-minute candles in [from, to) (epoch ms, at most 300 minutes), oldest first. */
  async candles(productId: string, from: number, to: number): Promise<Candle[]> {
    const query = new URLSearchParams({
      granularity: '60',
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString(),
    });
    const rows = await this.#get(
      `/products/${encodeURIComponent(productId)}/candles?${query}`,
      z.array(candleRowSchema),
    );
    return rows
      .map(([time, low, high, open, close, volume]) => ({
        start: time * 1000,
        low,
        high,
        open,
        close,
        volume,
      }))
      .filter((candle) => candle.start >= from && candle.start < to)
      .sort((a, b) => a.start - b.start);
  }

  async stats(productId: string): Promise<ProductStats> {
    const stats = await this.#get(`/products/${encodeURIComponent(productId)}/stats`, statsSchema);
    return stats.last === undefined
      ? { volume24hBase: stats.volume }
      : { volume24hBase: stats.volume, last: stats.last };
  }

  async #get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    try {
      const result = await this.#policy.execute(({ signal }) => this.#attempt(path, schema, signal));
      this.#lastError = null;
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#lastError = message;
      throw error instanceof UpstreamError
        ? error
        : new UpstreamError(`GET ${this.#baseUrl}${path} failed: ${message}`, undefined, false, undefined, {
            cause: error,
          });
    }
  }

  async #attempt<T>(path: string, schema: z.ZodType<T>, signal: AbortSignal): Promise<T> {
    await this.#options.acquire?.();
    const url = `${this.#baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: { accept: 'application/json', 'user-agent': this.#options.userAgent ?? 'cbmo4ers-server' },
        signal,
      });
    } catch (error) {
      const wrapped = new UpstreamError(
        `GET ${url} failed: ${(error as Error).message}`,
        undefined,
        true,
        undefined,
        {
          cause: error,
        },
      );
      this.#options.onResponse?.({ path, status: undefined, error: wrapped });
      throw wrapped;
    }
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
      const error = new UpstreamError(
        `GET ${url} answered ${response.status}`,
        response.status,
        retryable,
        parseRetryAfter(response.headers.get('retry-after')),
      );
      this.#options.onResponse?.({ path, status: response.status, error });
      throw error;
    }
    let parsed: T;
    try {
      parsed = schema.parse(JSON.parse(text));
    } catch (cause) {
      const error = new UpstreamError(
        `GET ${url} returned a body that does not match the expected shape`,
        200,
        true,
        undefined,
        {
          cause,
        },
      );
      this.#options.onResponse?.({ path, status: response.status, error });
      throw error;
    }
    this.#options.onResponse?.({ path, status: response.status, error: undefined });
    return parsed;
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
