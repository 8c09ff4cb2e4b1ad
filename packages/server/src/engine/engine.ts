import { isValidPrice, MOVERS_WINDOW_MS } from './figures.js';
import type { Candle, ProductInfo, ProductStats, Trade } from './inputs.js';
import { MINUTE_MS, minuteOf } from './minute-buckets.js';
import { gainersOrder, losersOrder, magnitudeOrder, type Ranked } from './ordering.js';
import { HELD_MINUTES, ProductHistory } from './product-history.js';
import { type MoverRowUnranked, productRows, type TrackedProduct } from './product-rows.js';
import type { BottomBannerRow, EngineSnapshot, MoverRow, TopBannerRow } from './rows.js';

/** Completed minutes the adapter is asked to cover with candles: 120 for the volumes plus the 1 h price minute. */
const CANDLE_NEED_MINUTES = 121;
/** Live periods that ended longer ago than this cannot span a minute the figures read. */
const LIVE_PERIOD_RETENTION_MS = (HELD_MINUTES + 2) * MINUTE_MS;

export interface EngineOptions {
  /** Quote currency of tracked products, e.g. `USD`. */
  quoteCurrency: string;
  /** Base symbols never tracked (compared case-insensitively), on top of products flagged `fxStablecoin`. */
  stablecoins: readonly string[];
  /** Minimum 24 h quote volume (`volume24hBase * current_price`) of a tracked product. */
  minVolumeUsd: number;
  /** Link of a row. @default `https://www.coinbase.com/price/${base.toLowerCase()}` */
  productUrl?: (product: ProductInfo) => string;
  /** Market capitalisation of a base asset (CoinGecko), undefined when unknown. @default none known */
  marketCapOf?: (base: string) => number | undefined;
}

interface NormalizedOptions {
  quoteCurrency: string;
  stablecoins: ReadonlySet<string>;
  minVolumeUsd: number;
  productUrl: (product: ProductInfo) => string;
  marketCapOf: (base: string) => number | undefined;
}

function defaultProductUrl(product: ProductInfo): string {
  return `https://www.coinbase.com/price/${product.base.toLowerCase()}`;
}

/**
 * The pure market engine: fed products, stats, live trades and REST candles with their timestamps, it computes
 * every figure of docs/api.md for the instant it is asked about. No I/O, no clock of its own, bounded memory.
 */
export class MarketEngine {
  readonly #options: NormalizedOptions;
  #products = new Map<string, ProductInfo>();
  #histories = new Map<string, ProductHistory>();
  readonly #stats = new Map<string, ProductStats>();
  #productsListed = false;
  #lastTradeAt: number | null = null;

  constructor(options: EngineOptions) {
    this.#options = {
      quoteCurrency: options.quoteCurrency.toUpperCase(),
      stablecoins: new Set(options.stablecoins.map((symbol) => symbol.toUpperCase())),
      minVolumeUsd: options.minVolumeUsd,
      productUrl: options.productUrl ?? defaultProductUrl,
      marketCapOf: options.marketCapOf ?? (() => undefined),
    };
  }

  /**
   * Replaces the product list. History is kept only for products that could ever be tracked (quote currency,
   * not a stablecoin); going offline keeps it, leaving the list drops it, with the stats.
   */
  setProducts(products: readonly ProductInfo[]): void {
    const listed = new Map<string, ProductInfo>();
    const histories = new Map<string, ProductHistory>();
    for (const product of products) {
      listed.set(product.id, product);
      // With a repeated id the last entry wins, as in `listed`.
      if (!this.#isCandidate(product)) {
        histories.delete(product.id);
        continue;
      }
      histories.set(
        product.id,
        histories.get(product.id) ?? this.#histories.get(product.id) ?? new ProductHistory(),
      );
    }
    for (const productId of this.#stats.keys()) {
      if (!listed.has(productId)) this.#stats.delete(productId);
    }
    this.#products = listed;
    this.#histories = histories;
    this.#productsListed = true;
  }

  /** Stats of a listed product (also accepted before the first product list, which then keeps those listed). */
  setStats(productId: string, stats: ProductStats): void {
    if (this.#productsListed && !this.#products.has(productId)) return;
    this.#stats.set(productId, stats);
  }

  /**
   * The live feed delivers every trade of these products from `at` on. 'all' means the products listed now: a
   * product listed later needs its own call.
   */
  liveStarted(productIds: readonly string[] | 'all', at: number): void {
    for (const history of this.#historiesOf(productIds)) history.live.start(at);
  }

  /** The live feed stopped delivering at `at`: trades after it may be missing until the next start. */
  liveStopped(productIds: readonly string[] | 'all', at: number): void {
    for (const history of this.#historiesOf(productIds)) history.live.stop(at);
  }

  /** A live trade; trades of unknown products, duplicates and out-of-order ids are ignored. */
  ingestTrade(trade: Trade): void {
    const history = this.#histories.get(trade.productId);
    if (history === undefined || !history.ingestTrade(trade)) return;
    const time = history.lastTradeTime ?? trade.time;
    if (this.#lastTradeAt === null || time > this.#lastTradeAt) this.#lastTradeAt = time;
  }

  /**
   * Candles from REST covering [coverFrom, coverTo): every completed minute in it without a candle had no
   * trades. The in-progress minute is ignored.
   */
  ingestCandles(productId: string, candles: readonly Candle[], coverFrom: number, coverTo: number): void {
    this.#histories.get(productId)?.ingestCandles(candles, coverFrom, coverTo);
  }

  /**
   * Per tracked product, the runs of completed minutes within the last 121 that are neither fully live nor
   * covered by candles: [from, to) in minute-aligned ms, oldest first.
   */
  candleNeeds(now: number): Array<{ productId: string; from: number; to: number }> {
    const needs: Array<{ productId: string; from: number; to: number }> = [];
    const currentMinute = minuteOf(now);
    for (const { info, history } of this.#trackedProducts()) {
      let runStart: number | undefined;
      for (
        let minute = currentMinute - CANDLE_NEED_MINUTES * MINUTE_MS;
        minute <= currentMinute;
        minute += MINUTE_MS
      ) {
        const unknown = minute < currentMinute && history.sourceOf(minute) === 'unknown';
        if (unknown && runStart === undefined) runStart = minute;
        if (!unknown && runStart !== undefined) {
          needs.push({ productId: info.id, from: runStart, to: minute });
          runStart = undefined;
        }
      }
    }
    return needs;
  }

  /** Every figure and list for the instant `now`. */
  snapshot(now: number): EngineSnapshot {
    const movers: Ranked<MoverRowUnranked>[] = [];
    const priceRows: Ranked<TopBannerRow>[] = [];
    const volumeRows: Ranked<BottomBannerRow>[] = [];
    let productsTracked = 0;
    let oldestHeld: number | undefined;
    let anyLive = false;
    let allWarm = true;
    for (const history of this.#histories.values()) history.live.prune(now - LIVE_PERIOD_RETENTION_MS);
    for (const tracked of this.#trackedProducts()) {
      productsTracked += 1;
      const { history } = tracked;
      const firstTradeTime = history.firstTradeTime;
      if (firstTradeTime !== undefined) {
        anyLive = true;
        if (now - firstTradeTime < MOVERS_WINDOW_MS) allWarm = false;
      }
      const held = history.oldestHeldTime(now);
      if (held !== undefined && (oldestHeld === undefined || held < oldestHeld)) oldestHeld = held;
      const rows = productRows(tracked, now, this.#options);
      if (rows.mover) movers.push(rows.mover);
      if (rows.price) priceRows.push(rows.price);
      if (rows.volume) volumeRows.push(rows.volume);
    }
    return {
      now,
      gainers: withRanks(gainersOrder(movers)),
      losers: withRanks(losersOrder(movers)),
      topBanner: magnitudeOrder(priceRows),
      bottomBanner: magnitudeOrder(volumeRows),
      productsTracked,
      historySeconds: oldestHeld === undefined ? 0 : Math.max(0, (now - oldestHeld) / 1000),
      warm: anyLive && allWarm,
      lastTradeAt: this.#lastTradeAt,
    };
  }

  /** Products passing every filter, with the current price and 24 h volume the filter used. */
  *#trackedProducts(): Generator<TrackedProduct> {
    for (const [productId, history] of this.#histories) {
      const info = this.#products.get(productId);
      const stats = this.#stats.get(productId);
      if (info === undefined || stats === undefined || !info.online) continue;
      // The last live trade is the current price; the stats' last price stands in until one arrives.
      const currentPrice = history.lastPrice ?? stats.last;
      if (currentPrice === undefined || !isValidPrice(currentPrice)) continue;
      const volume24h = stats.volume24hBase * currentPrice;
      if (!Number.isFinite(volume24h) || !(volume24h >= this.#options.minVolumeUsd)) continue;
      yield { info, history, currentPrice, volume24h };
    }
  }

  #isCandidate(product: ProductInfo): boolean {
    return (
      product.quote.toUpperCase() === this.#options.quoteCurrency &&
      !product.fxStablecoin &&
      !this.#options.stablecoins.has(product.base.toUpperCase())
    );
  }

  *#historiesOf(productIds: readonly string[] | 'all'): Generator<ProductHistory> {
    if (productIds === 'all') {
      yield* this.#histories.values();
      return;
    }
    for (const productId of productIds) {
      const history = this.#histories.get(productId);
      if (history !== undefined) yield history;
    }
  }
}

function withRanks(rows: readonly MoverRowUnranked[]): MoverRow[] {
  return rows.map((row, index) => ({ rank: index + 1, ...row }));
}
