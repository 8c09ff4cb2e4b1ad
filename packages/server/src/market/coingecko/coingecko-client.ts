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
import { z } from 'zod';
import { type BreakerState, parseRetryAfter, UpstreamError } from '../coinbase/rest.js';

export const DEFAULT_COINGECKO_URL = 'https://api.coingecko.com/api/v3';

/** One coin of `/coins/markets`, reduced to what the server uses. */
export interface CoinMarket {
  /** CoinGecko id, e.g. `solana`. */
  readonly id: string;
  /** Upper-case ticker symbol, e.g. `SOL`. */
  readonly symbol: string;
  readonly name: string;
  /** In the quote currency; null when CoinGecko does not know it. */
  readonly marketCap: number | null;
  /** 1-hour price change in percent, null when unknown. */
  readonly priceChange1h: number | null;
}

export interface CoinGeckoClientOptions {
  /** @default https://api.coingecko.com/api/v3 */
  baseUrl?: string;
  /** Demo API key, sent as `x-cg-demo-api-key`. */
  apiKey?: string | undefined;
  fetch?: typeof fetch;
  /** Awaited before every HTTP request: the shared budget (30 calls a minute). */
  acquire?: () => Promise<void>;
  /** @default 10000 */
  timeoutMs?: number;
  /** Attempts per call, the first included. @default 2 */
  maxAttempts?: number;
  /** Consecutive failed calls that open the breaker. @default 3 */
  breakerThreshold?: number;
  /** @default 60000 */
  breakerCooldownMs?: number;
  /** Observes every HTTP response or transport error (metrics). */
  onResponse?: (event: { status: number | undefined; error: Error | undefined }) => void;
  userAgent?: string;
}

const nullableNumber = z.number().finite().nullable().optional();
const coinSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  market_cap: nullableNumber,
  price_change_percentage_1h_in_currency: nullableNumber,
});

/**
 * CoinGecko's public `/coins/markets` behind the same kind of cockatiel policy as Coinbase REST: per-attempt
 * timeout, retry honouring Retry-After, and a breaker whose state shows in health and metrics.
 */
export class CoinGeckoClient {
  readonly #options: CoinGeckoClientOptions;
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #policy: IPolicy;
  #lastError: string | null = null;

  constructor(options: CoinGeckoClientOptions = {}) {
    this.#options = options;
    this.#baseUrl = (options.baseUrl ?? DEFAULT_COINGECKO_URL).replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch;
    const retryable = handleWhen((error) => !(error instanceof UpstreamError) || error.retryable);
    const retryPolicy = retry(retryable, {
      maxAttempts: (options.maxAttempts ?? 2) - 1,
      backoff: new DelegateBackoff((context) => {
        const error = 'error' in context.result ? context.result.error : undefined;
        if (error instanceof UpstreamError && error.retryAfterMs !== undefined) {
          return Math.min(error.retryAfterMs, 60_000);
        }
        return 1000 * 2 ** (context.attempt - 1);
      }),
    });
    this.#breaker = circuitBreaker(retryable, {
      halfOpenAfter: options.breakerCooldownMs ?? 60_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 3),
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

  get lastError(): string | null {
    return this.#lastError;
  }

  onBreakerChange(listener: (state: BreakerState) => void): void {
    this.#breaker.onStateChange(() => listener(this.breakerState));
  }

  /** One page of coins by market cap, descending (CoinGecko allows up to 250 a page). */
  async markets(vsCurrency: string, page: number, perPage = 250): Promise<CoinMarket[]> {
    const query = new URLSearchParams({
      vs_currency: vsCurrency.toLowerCase(),
      order: 'market_cap_desc',
      per_page: String(perPage),
      page: String(page),
      price_change_percentage: '1h',
    });
    const url = `${this.#baseUrl}/coins/markets?${query}`;
    try {
      const coins = await this.#policy.execute(({ signal }) => this.#attempt(url, signal));
      this.#lastError = null;
      return coins.map((coin) => ({
        id: coin.id,
        symbol: coin.symbol.toUpperCase(),
        name: coin.name,
        marketCap: coin.market_cap ?? null,
        priceChange1h: coin.price_change_percentage_1h_in_currency ?? null,
      }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // While the breaker is open, the error worth showing is the one that opened it.
      if (!(error instanceof BrokenCircuitError)) this.#lastError = message;
      throw error instanceof UpstreamError
        ? error
        : new UpstreamError(`GET ${url} failed: ${message}`, undefined, false, undefined, { cause: error });
    }
  }

  async #attempt(url: string, signal: AbortSignal): Promise<Array<z.infer<typeof coinSchema>>> {
    await this.#options.acquire?.();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#options.userAgent ?? 'cbmo4ers-server',
    };
    if (this.#options.apiKey) headers['x-cg-demo-api-key'] = this.#options.apiKey;
    let response: Response;
    try {
      response = await this.#fetch(url, { headers, signal });
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
      this.#options.onResponse?.({ status: undefined, error });
      throw error;
    }
    const text = await response.text();
    if (!response.ok) {
      const error = new UpstreamError(
        `GET ${url} answered ${response.status}`,
        response.status,
        response.status === 429 || response.status === 408 || response.status >= 500,
        parseRetryAfter(response.headers.get('retry-after')),
      );
      this.#options.onResponse?.({ status: response.status, error });
      throw error;
    }
    try {
      // One malformed coin must not cost the others: keep the rows that parse.
      const rows = z.array(z.unknown()).parse(JSON.parse(text));
      const coins = rows.flatMap((row) => {
        const coin = coinSchema.safeParse(row);
        return coin.success ? [coin.data] : [];
      });
      this.#options.onResponse?.({ status: response.status, error: undefined });
      return coins;
    } catch (cause) {
      const error = new UpstreamError(
        `GET ${url} returned a body that is not a list of coins`,
        200,
        true,
        undefined,
        {
          cause,
        },
      );
      this.#options.onResponse?.({ status: response.status, error });
      throw error;
    }
  }
}
