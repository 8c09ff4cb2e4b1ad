import type { Logger } from 'pino';
import type { MarketEngine } from '../../engine/engine.js';
import type { ProductInfo } from '../../engine/inputs.js';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { CoinbaseFeed, type FeedState } from './feed.js';
import type { BreakerState, CoinbaseRest } from './rest.js';

export interface CoinbaseMarketOptions {
  rest: CoinbaseRest;
  wsUrl: string;
  engine: MarketEngine;
  quoteCurrency: string;
  stablecoins: readonly string[];
  logger: Logger;
  metrics?: ServerMetrics;
  clock?: () => number;
  /**
   * Minutes of candles loaded at start: 120 for the two 1-hour windows plus slack. 0 when the engine already
   * holds history (a replica collecting again): then only the minutes it misses are loaded. @default 125
   */
  backfillMinutes?: number;
  /** How often missing minutes (start minute, gaps) are filled from candles. @default 10000 */
  candleRepairIntervalMs?: number;
  /** How often the product list and 24 h stats are refreshed. @default 600000 */
  catalogRefreshIntervalMs?: number;
  /** Parallel REST calls during backfill; the shared rate budget still applies. @default 4 */
  concurrency?: number;
  /** A name for a base symbol the exchange gives no name for (CoinGecko's, when it runs). */
  nameOf?: (base: string) => string | undefined;
  /** Passed to the feed (tests shorten them). */
  feedTimeouts?: {
    subscribeTimeoutMs?: number;
    silenceTimeoutMs?: number;
    reconnectBaseMs?: number;
    reconnectMaxMs?: number;
  };
}

export interface MarketStatus {
  feed: { state: FeedState; lastMessageAt: number | undefined; reconnects: number; gaps: number };
  rest: { breaker: BreakerState; lastError: string | null };
  productsListed: number;
}

/**
 * Feeds the engine from Coinbase Exchange (or the simulator, which speaks the same protocol): the product list
 * and 24 h stats over REST, live trades over the WebSocket, and one-minute candles for every minute the feed did
 * not fully see (before start, the start minute, disconnects and trade-id gaps).
 */
export class CoinbaseMarket {
  readonly #options: CoinbaseMarketOptions;
  readonly #clock: () => number;
  readonly #feed: CoinbaseFeed;
  readonly #timers: NodeJS.Timeout[] = [];
  #products: readonly ProductInfo[] = [];
  #stopped = false;
  #repairing = false;
  #gaps = 0;

  constructor(options: CoinbaseMarketOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    const { engine, metrics, logger } = options;
    this.#feed = new CoinbaseFeed({
      url: options.wsUrl,
      clock: this.#clock,
      ...options.feedTimeouts,
      listener: {
        connected: (at) => {
          logger.info({ products: this.#products.length }, 'market feed subscribed');
          engine.liveStarted('all', at);
        },
        disconnected: (at, reason) => {
          logger.warn({ reason }, 'market feed disconnected');
          metrics?.upstreamReconnects.inc({ upstream: 'coinbase_ws' });
          engine.liveStopped('all', at);
        },
        trade: (trade) => engine.ingestTrade(trade),
        ticker: (productId, volume24hBase, price) =>
          engine.setStats(productId, { volume24hBase, last: price }),
        gap: (productId, since, missed) => {
          logger.warn({ productId, missed }, 'trade-id gap in market feed; re-seeding from candles');
          this.#gaps += 1;
          metrics?.upstreamGaps.inc();
          // Coverage is broken from the last trade seen to now; those minutes come from candles.
          engine.liveStopped([productId], since);
          engine.liveStarted([productId], this.#clock());
        },
        message: () => metrics?.upstreamMessages.inc({ upstream: 'coinbase_ws' }),
      },
    });
  }

  status(): MarketStatus {
    return {
      feed: {
        state: this.#feed.state,
        lastMessageAt: this.#feed.lastMessageAt,
        reconnects: this.#feed.reconnects,
        gaps: this.#gaps,
      },
      rest: { breaker: this.#options.rest.breakerState, lastError: this.#options.rest.lastError },
      productsListed: this.#products.length,
    };
  }

  /** Starts loading in the background; never throws: failures are logged, retried and shown in health. */
  start(): void {
    void this.#bootstrap();
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#feed.stop();
  }

  async #bootstrap(): Promise<void> {
    let delay = 1000;
    while (!this.#stopped) {
      try {
        await this.#refreshCatalog();
        break;
      } catch (error) {
        this.#options.logger.error({ err: error }, 'could not load the product list; retrying');
        await wait(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
    if (this.#stopped) return;
    this.#feed.start(this.#feedProductIds());
    await this.#refreshStats();
    const backfillMinutes = this.#options.backfillMinutes ?? 125;
    if (backfillMinutes > 0) {
      const backfillFrom = this.#clock() - backfillMinutes * 60_000;
      await this.#forEachProduct(async (product) => {
        await this.#loadCandles(product.id, backfillFrom, this.#clock());
      });
    } else {
      // The engine kept its history from an earlier run: only the minutes it misses are loaded.
      await this.#repairCandles();
    }
    if (this.#stopped) return;
    this.#every(this.#options.candleRepairIntervalMs ?? 10_000, () => this.#repairCandles());
    this.#every(this.#options.catalogRefreshIntervalMs ?? 600_000, async () => {
      try {
        await this.#refreshCatalog();
        await this.#refreshStats();
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'product list refresh failed; keeping the previous one');
      }
    });
  }

  /** Applies names that became known since the product list was loaded. */
  applyNames(): void {
    if (this.#products.length > 0 && !this.#stopped) this.#options.engine.setProducts(this.#named());
  }

  #named(): ProductInfo[] {
    const nameOf = this.#options.nameOf;
    return this.#products.map((product) => {
      const name = product.name === product.base ? nameOf?.(product.base) : undefined;
      return name === undefined ? product : { ...product, name };
    });
  }

  async #refreshCatalog(): Promise<void> {
    const products = await this.#options.rest.products();
    this.#products = products;
    this.#options.engine.setProducts(this.#named());
    this.#feed.setProducts(this.#feedProductIds());
  }

  async #refreshStats(): Promise<void> {
    await this.#forEachProduct(async (product) => {
      const stats = await this.#options.rest.stats(product.id);
      this.#options.engine.setStats(product.id, stats);
    });
  }

  /** Products worth a feed subscription: the engine applies the volume threshold, which moves with prices. */
  #candidates(): ProductInfo[] {
    const stablecoins = new Set(this.#options.stablecoins.map((symbol) => symbol.toUpperCase()));
    return this.#products.filter(
      (product) =>
        product.online &&
        product.quote === this.#options.quoteCurrency &&
        !product.fxStablecoin &&
        !stablecoins.has(product.base),
    );
  }

  #feedProductIds(): string[] {
    return this.#candidates()
      .map((product) => product.id)
      .sort();
  }

  async #repairCandles(): Promise<void> {
    if (this.#repairing || this.#stopped) return;
    this.#repairing = true;
    try {
      // Minutes that ended less than 10 s ago may not be final on the exchange yet.
      const needs = this.#options.engine.candleNeeds(this.#clock() - 10_000);
      await runLimited(needs, this.#options.concurrency ?? 4, async (need) => {
        await this.#loadCandles(need.productId, need.from, need.to);
      });
    } finally {
      this.#repairing = false;
    }
  }

  async #loadCandles(productId: string, from: number, to: number): Promise<void> {
    if (this.#stopped) return;
    try {
      const start = Math.floor(from / 60_000) * 60_000;
      const candles = await this.#options.rest.candles(productId, start, to);
      this.#options.engine.ingestCandles(productId, candles, start, to);
    } catch (error) {
      this.#options.metrics?.upstreamErrors.inc({ upstream: 'coinbase_rest' });
      this.#options.logger.warn({ err: error, productId }, 'candle request failed; will retry');
    }
  }

  async #forEachProduct(task: (product: ProductInfo) => Promise<void>): Promise<void> {
    await runLimited(this.#candidates(), this.#options.concurrency ?? 4, async (product) => {
      if (this.#stopped) return;
      try {
        await task(product);
      } catch (error) {
        this.#options.metrics?.upstreamErrors.inc({ upstream: 'coinbase_rest' });
        this.#options.logger.warn({ err: error, productId: product.id }, 'product request failed');
      }
    });
  }

  #every(intervalMs: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task(), intervalMs);
    timer.unref();
    this.#timers.push(timer);
  }
}

async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
