import { z } from 'zod';
import type { Candle, ProductInfo, ProductStats } from '../../engine/inputs.js';
import { UpstreamApi, UpstreamClient, type UpstreamClientOptions } from '../upstream-client.js';

export { type BreakerState, parseRetryAfter, UpstreamError } from '../upstream-client.js';

export interface CoinbaseRestOptions
  extends Omit<UpstreamClientOptions, 'onResponse' | 'headers' | 'backoffBaseMs'> {
  /** e.g. https://api.exchange.coinbase.com (no trailing slash). */
  baseUrl: string;
  /** Observes every HTTP response or transport error (metrics, logs). */
  onResponse?: (event: { path: string; status: number | undefined; error: Error | undefined }) => void;
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
 * one {@link UpstreamClient}, so its breaker reflects the upstream as a whole.
 */
export class CoinbaseRest extends UpstreamApi {
  readonly #baseUrl: string;

  constructor(options: CoinbaseRestOptions) {
    const { onResponse, baseUrl: rawBaseUrl, ...upstream } = options;
    const baseUrl = rawBaseUrl.replace(/\/+$/, '');
    super(
      new UpstreamClient({
        ...upstream,
        ...(onResponse
          ? {
              onResponse: ({ url, status, error }) =>
                onResponse({ path: url.slice(baseUrl.length), status, error }),
            }
          : {}),
      }),
    );
    this.#baseUrl = baseUrl;
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

  #get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.http.getJson(`${this.#baseUrl}${path}`, (body) => schema.parse(body));
  }
}
