import type { Logger } from 'pino';
import type { ServerMetrics } from '../../metrics/metrics.js';
import type { BreakerState } from '../upstream-client.js';
import type { CoinGeckoClient, CoinMarket } from './coingecko-client.js';

export interface CoinGeckoStatus {
  /** `up`: last refresh worked; `degraded`: serving older data; `down`: no data or breaker open. */
  state: 'up' | 'degraded' | 'down';
  breaker: BreakerState;
  lastError: string | null;
  coins: number;
  lastSuccessAt: number | undefined;
}

export interface Disagreement {
  symbol: string;
  ours: number;
  coingecko: number;
}

export interface CoinGeckoMarketDataOptions {
  client: CoinGeckoClient;
  /** Quote currency, e.g. USD. */
  vsCurrency: string;
  /** Pages of 250 coins by market cap. @default 2 */
  pages?: number;
  /** @default 300000 */
  refreshIntervalMs?: number;
  /** Percentage points beyond which our 1-hour change and CoinGecko's are reported as disagreeing. @default 2 */
  disagreementThreshold?: number;
  logger: Logger;
  metrics?: ServerMetrics;
  clock?: () => number;
}

/**
 * Names and market caps from CoinGecko, cached and refreshed every few minutes, and a cross-check of our 1-hour
 * change against theirs. Optional by design: when CoinGecko fails the cache is kept (or stays empty) and the
 * tables are computed as before.
 */
export class CoinGeckoMarketData {
  readonly #options: CoinGeckoMarketDataOptions;
  readonly #clock: () => number;
  /** By upper-case symbol; the coin with the largest market cap wins a shared symbol. */
  #coins = new Map<string, CoinMarket>();
  #lastSuccessAt: number | undefined;
  #lastRefreshFailed = false;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  readonly #refreshListeners = new Set<() => void>();

  constructor(options: CoinGeckoMarketDataOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.#timer) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#options.refreshIntervalMs ?? 300_000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Calls `listener` after each successful refresh: the market applies the new names, and our 1-hour changes are
   * cross-checked against the new figures.
   */
  onRefresh(listener: () => void): void {
    this.#refreshListeners.add(listener);
  }

  nameOf(symbol: string): string | undefined {
    return this.#coins.get(symbol.toUpperCase())?.name;
  }

  marketCapOf(symbol: string): number | undefined {
    return this.#coins.get(symbol.toUpperCase())?.marketCap ?? undefined;
  }

  status(): CoinGeckoStatus {
    const breaker = this.#options.client.breakerState;
    const state =
      breaker !== 'closed' || this.#lastSuccessAt === undefined
        ? 'down'
        : this.#lastRefreshFailed
          ? 'degraded'
          : 'up';
    return {
      state,
      breaker,
      lastError: this.#options.client.lastError,
      coins: this.#coins.size,
      lastSuccessAt: this.#lastSuccessAt,
    };
  }

  /** Loads every page; a failed page keeps the previous data. Never throws. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const { client, vsCurrency, logger } = this.#options;
    const coins: CoinMarket[] = [];
    try {
      for (let page = 1; page <= (this.#options.pages ?? 2); page += 1) {
        const rows = await client.markets(vsCurrency, page);
        coins.push(...rows);
        if (rows.length < 250) break;
      }
    } catch (error) {
      this.#lastRefreshFailed = true;
      logger.warn({ err: error }, 'CoinGecko refresh failed; keeping the cached names and market caps');
      return;
    }
    const bySymbol = new Map<string, CoinMarket>();
    for (const coin of coins) {
      const known = bySymbol.get(coin.symbol);
      if (!known || (coin.marketCap ?? 0) > (known.marketCap ?? 0)) bySymbol.set(coin.symbol, coin);
    }
    this.#coins = bySymbol;
    this.#lastSuccessAt = this.#clock();
    this.#lastRefreshFailed = false;
    for (const listener of this.#refreshListeners) listener();
  }

  /**
   * Compares `ours` (our 1-hour price change in percent per base symbol) with CoinGecko's for every symbol both
   * know; logs and counts the disagreements.
   */
  crossCheck(ours: ReadonlyMap<string, number>): Disagreement[] {
    const threshold = this.#options.disagreementThreshold ?? 2;
    const disagreements: Disagreement[] = [];
    let compared = 0;
    for (const [symbol, change] of ours) {
      const coingecko = this.#coins.get(symbol.toUpperCase())?.priceChange1h;
      if (coingecko === null || coingecko === undefined) continue;
      compared += 1;
      if (Math.abs(change - coingecko) > threshold) disagreements.push({ symbol, ours: change, coingecko });
    }
    this.#options.metrics?.coingeckoCompared.set(compared);
    this.#options.metrics?.coingeckoDisagreements.set(disagreements.length);
    if (disagreements.length > 0) {
      disagreements.sort((a, b) => Math.abs(b.ours - b.coingecko) - Math.abs(a.ours - a.coingecko));
      this.#options.logger.warn(
        { compared, disagreeing: disagreements.length, worst: disagreements.slice(0, 5), threshold },
        '1-hour price change differs from CoinGecko',
      );
    }
    return disagreements;
  }
}
