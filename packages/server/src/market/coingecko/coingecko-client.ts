import { z } from 'zod';
import { UpstreamApi, UpstreamClient } from '../upstream-client.js';

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
 * CoinGecko's public `/coins/markets` behind its own {@link UpstreamClient} (per-attempt timeout, retry
 * honouring Retry-After, and a breaker whose state shows in health and metrics).
 */
export class CoinGeckoClient extends UpstreamApi {
  readonly #baseUrl: string;

  constructor(options: CoinGeckoClientOptions = {}) {
    const { onResponse, apiKey, baseUrl, ...rest } = options;
    super(
      new UpstreamClient({
        maxAttempts: 2,
        breakerThreshold: 3,
        breakerCooldownMs: 60_000,
        maxRetryAfterMs: 60_000,
        backoffBaseMs: 1000,
        ...rest,
        ...(apiKey ? { headers: { 'x-cg-demo-api-key': apiKey } } : {}),
        ...(onResponse ? { onResponse: ({ status, error }) => onResponse({ status, error }) } : {}),
      }),
    );
    this.#baseUrl = (baseUrl ?? DEFAULT_COINGECKO_URL).replace(/\/+$/, '');
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
    // One malformed coin must not cost the others: keep the rows that parse.
    const coins = await this.http.getJson(
      `${this.#baseUrl}/coins/markets?${query}`,
      (body) =>
        z
          .array(z.unknown())
          .parse(body)
          .flatMap((row) => {
            const coin = coinSchema.safeParse(row);
            return coin.success ? [coin.data] : [];
          }),
      'a list of coins',
    );
    return coins.map((coin) => ({
      id: coin.id,
      symbol: coin.symbol.toUpperCase(),
      name: coin.name,
      // CoinGecko sends 0 for coins whose cap it does not know: that is unknown, not a value to show.
      marketCap: (coin.market_cap ?? 0) > 0 ? (coin.market_cap as number) : null,
      priceChange1h: coin.price_change_percentage_1h_in_currency ?? null,
    }));
  }
}
