import type { Candle, Trade } from './inputs.js';
import { LiveCoverage } from './live-coverage.js';
import { MINUTE_MS, MINUTE_SLOTS, MinuteBuckets, minuteOf } from './minute-buckets.js';
import { TimePriceRing } from './time-price-ring.js';

/** Live trades kept exactly: the 3-minute window plus a margin for clock skew between exchange and server. */
export const TRADE_RETENTION_MS = 190_000;
/** Hard cap of exact trades per product; past it the per-second ring answers for the oldest part. */
export const TRADE_RING_CAP = 16_384;
/** Per-second last prices: the fallback when the trade ring overflowed, over well more than the window. */
export const SECOND_RETENTION_MS = 660_000;
export const SECOND_RING_CAP = 1_024;

/**
 * How far back from the current minute the figures may read (a carried close, the held-history figure): within
 * the minute ring, and a fixed horizon so a figure never depends on when old live periods were pruned.
 */
export const HELD_MINUTES = MINUTE_SLOTS - 1;

const SECOND_MS = 1_000;

/** Where a minute's bucket figures come from. */
export type MinuteSource = 'live' | 'candles' | 'unknown';

/**
 * Everything the engine remembers about one product, all of it bounded: recent live trades (exact), per-second
 * last prices (fallback), one-minute buckets, and the periods the live feed covered.
 */
export class ProductHistory {
  readonly trades = new TimePriceRing({
    initialCapacity: 64,
    maxCapacity: TRADE_RING_CAP,
    retentionMs: TRADE_RETENTION_MS,
  });
  readonly seconds = new TimePriceRing({
    initialCapacity: 64,
    maxCapacity: SECOND_RING_CAP,
    retentionMs: SECOND_RETENTION_MS,
  });
  readonly minutes = new MinuteBuckets();
  readonly live = new LiveCoverage();
  #lastTradeId = Number.NEGATIVE_INFINITY;
  #lastTradeTime: number | undefined;
  #lastPrice: number | undefined;
  #firstTradeTime: number | undefined;
  #firstTradePrice: number | undefined;

  /** Price of the newest live trade. */
  get lastPrice(): number | undefined {
    return this.#lastPrice;
  }

  get lastTradeTime(): number | undefined {
    return this.#lastTradeTime;
  }

  /** Time and price of the first live trade received: the start of the 3-minute window while warming up. */
  get firstTradeTime(): number | undefined {
    return this.#firstTradeTime;
  }

  get firstTradePrice(): number | undefined {
    return this.#firstTradePrice;
  }

  /** Records a live trade; false when it is a duplicate, out of order, or malformed. */
  ingestTrade(trade: Trade): boolean {
    if (!(trade.tradeId > this.#lastTradeId)) return false;
    if (!(trade.price > 0) || !(trade.size >= 0) || !Number.isFinite(trade.time)) return false;
    if (!Number.isFinite(trade.price) || !Number.isFinite(trade.size)) return false;
    this.#lastTradeId = trade.tradeId;
    // A newer trade id stamped earlier than its predecessor (exchange clock jitter) is kept at the
    // predecessor's time: the rings must stay in time order, and the trade did happen after it.
    const time = Math.max(trade.time, this.#lastTradeTime ?? trade.time);
    this.#lastTradeTime = time;
    this.#lastPrice = trade.price;
    if (this.#firstTradeTime === undefined) {
      this.#firstTradeTime = time;
      this.#firstTradePrice = trade.price;
    }
    this.trades.push(time, trade.price);
    this.seconds.upsert(Math.floor(time / SECOND_MS) * SECOND_MS, trade.price);
    this.minutes.addLiveTrade(minuteOf(time), trade.price * trade.size, trade.price);
    return true;
  }

  /** Records a candle response covering [coverFrom, coverTo); only completed minutes count. */
  ingestCandles(candles: readonly Candle[], coverFrom: number, coverTo: number): void {
    const firstMinute = Math.ceil(coverFrom / MINUTE_MS) * MINUTE_MS;
    for (let minute = firstMinute; minute + MINUTE_MS <= coverTo; minute += MINUTE_MS) {
      this.minutes.markCovered(minute);
    }
    for (const candle of candles) {
      if (candle.start % MINUTE_MS !== 0 || candle.start + MINUTE_MS > coverTo) continue;
      if (candle.start < firstMinute) continue;
      const typical = (candle.high + candle.low + candle.close) / 3;
      const quoteVolume = candle.volume * typical;
      if (
        Number.isFinite(quoteVolume) &&
        quoteVolume >= 0 &&
        candle.close > 0 &&
        Number.isFinite(candle.close)
      ) {
        this.minutes.setCandle(candle.start, quoteVolume, candle.close);
      } else {
        // A malformed candle says nothing reliable: the minute stays unknown rather than empty.
        this.minutes.markUncovered(candle.start);
      }
    }
  }

  /** Price of the last live trade at or before `time`, undefined when none is known. */
  priceAt(time: number): number | undefined {
    if (this.trades.coversTime(time)) return this.trades.priceAt(time);
    // The trade ring overflowed in a burst: the last whole second ending at or before `time` is the closest
    // price known for sure not to come from a later trade.
    return this.seconds.priceAt(time - (SECOND_MS - 1));
  }

  /** Whether the minute starting at `minute` is fully live, covered by candles, or unknown. */
  sourceOf(minute: number): MinuteSource {
    if (!this.minutes.holds(minute)) return 'unknown';
    if (this.live.spans(minute, minute + MINUTE_MS)) return 'live';
    if (this.minutes.isCoveredByCandles(minute)) return 'candles';
    return 'unknown';
  }

  /** Bucket quote volume of a completed minute; NaN when unknown. */
  bucketVolume(minute: number): number {
    switch (this.sourceOf(minute)) {
      case 'live':
        return this.minutes.liveVolume(minute);
      case 'candles':
        return this.minutes.candleVolume(minute);
      default:
        return Number.NaN;
    }
  }

  /**
   * Close of a completed minute, carried back over minutes without trades but not past `oldestMinute`; NaN
   * when a minute on the way is unknown or no close is found (never a guess).
   */
  carriedClose(minute: number, oldestMinute: number): number {
    for (let current = minute; current >= oldestMinute; current -= MINUTE_MS) {
      const source = this.sourceOf(current);
      if (source === 'unknown') return Number.NaN;
      const close = source === 'live' ? this.minutes.liveClose(current) : this.minutes.candleClose(current);
      if (!Number.isNaN(close)) return close;
    }
    return Number.NaN;
  }

  /** Earliest instant this product's held history reaches back to, or undefined if it holds none. */
  oldestHeldTime(now: number): number | undefined {
    let oldest = this.trades.oldestTime;
    const secondsOldest = this.seconds.oldestTime;
    if (secondsOldest !== undefined && (oldest === undefined || secondsOldest < oldest))
      oldest = secondsOldest;
    const currentMinute = minuteOf(now);
    for (let minute = currentMinute - HELD_MINUTES * MINUTE_MS; minute < currentMinute; minute += MINUTE_MS) {
      if (this.sourceOf(minute) === 'unknown') continue;
      if (oldest === undefined || minute < oldest) oldest = minute;
      break;
    }
    return oldest;
  }
}
