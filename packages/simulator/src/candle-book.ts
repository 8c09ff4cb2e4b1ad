/**
 * One-minute candles of one product, fed by the generated history and then by every live trade, so `/candles`
 * always agrees with what the feed sent (the current minute is the candle in progress).
 */
import { roundTo } from './format.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface MinuteCandle {
  /** Start of the minute, epoch ms. */
  readonly start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `[time (epoch s), low, high, open, close, volume]`, the row Coinbase sends. */
export type CandleRow = [number, number, number, number, number, number];

/** Aggregates of the candles of the last 24 hours that the book holds. */
export interface CandleWindow {
  readonly volume: number;
  readonly high: number;
  readonly low: number;
  /** Open of the oldest candle in the window, undefined when the window holds none. */
  readonly open: number | undefined;
}

export class CandleBook {
  readonly #candles: MinuteCandle[] = [];
  readonly #retentionMs: number;
  readonly #volumeDecimals: number;
  // Rolling 24 h aggregates, rebuilt from scratch once a minute and bumped by each trade in between: exact,
  // and cheap enough to read on every ticker message.
  #windowMinute = Number.NaN;
  #window: { volume: number; high: number; low: number; open: number | undefined } = {
    volume: 0,
    high: Number.NEGATIVE_INFINITY,
    low: Number.POSITIVE_INFINITY,
    open: undefined,
  };

  constructor(retentionMs: number, volumeDecimals: number) {
    this.#retentionMs = Math.max(retentionMs, DAY_MS) + MINUTE_MS;
    this.#volumeDecimals = volumeDecimals;
  }

  /** Appends a whole generated minute; minutes must arrive in order. */
  addMinute(start: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.#candles.push({ start, open, high, low, close, volume });
    this.#windowMinute = Number.NaN;
  }

  addTrade(time: number, price: number, size: number): void {
    const start = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    const last = this.#candles.at(-1);
    if (last !== undefined && last.start === start) {
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
      last.volume += size;
    } else {
      this.#candles.push({ start, open: price, high: price, low: price, close: price, volume: size });
      // Trimmed here too, so a book that nobody reads still stays bounded.
      const expired = lowerBound(this.#candles, start - this.#retentionMs);
      if (expired > 0) this.#candles.splice(0, expired);
    }
    if (this.#windowMinute === start) {
      const window = this.#window;
      window.volume += size;
      window.high = Math.max(window.high, price);
      window.low = Math.min(window.low, price);
      window.open ??= price;
    }
  }

  /** The candles of the 24 hours before `now` (to the minute). */
  window(now: number): CandleWindow {
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    if (minute !== this.#windowMinute) this.#rebuildWindow(minute);
    return this.#window;
  }

  #rebuildWindow(minute: number): void {
    const candles = this.#candles;
    const window = {
      volume: 0,
      high: Number.NEGATIVE_INFINITY,
      low: Number.POSITIVE_INFINITY,
      open: undefined as number | undefined,
    };
    for (let index = lowerBound(candles, minute - DAY_MS); index < candles.length; index += 1) {
      const candle = candles[index]!;
      window.volume += candle.volume;
      window.high = Math.max(window.high, candle.high);
      window.low = Math.min(window.low, candle.low);
      window.open ??= candle.open;
    }
    this.#window = window;
    this.#windowMinute = minute;
  }

  /**
   * Rows of `granularityMs` buckets that start in [start aligned down, end], newest first, at most `limit`.
   * A bucket without trades has no row, as on Coinbase.
   */
  rows(start: number, end: number, granularityMs: number, limit: number): CandleRow[] {
    const candles = this.#candles;
    const rows: CandleRow[] = [];
    let bucket: MinuteCandle | undefined;
    const flush = (): void => {
      if (bucket === undefined) return;
      rows.push([
        bucket.start / 1000,
        bucket.low,
        bucket.high,
        bucket.open,
        bucket.close,
        roundTo(bucket.volume, this.#volumeDecimals),
      ]);
    };
    for (
      let index = lowerBound(candles, Math.floor(start / granularityMs) * granularityMs);
      index < candles.length;
      index += 1
    ) {
      const candle = candles[index]!;
      if (candle.start > end) break;
      const bucketStart = Math.floor(candle.start / granularityMs) * granularityMs;
      if (bucket === undefined || bucket.start !== bucketStart) {
        flush();
        bucket = { ...candle, start: bucketStart };
      } else {
        bucket.high = Math.max(bucket.high, candle.high);
        bucket.low = Math.min(bucket.low, candle.low);
        bucket.close = candle.close;
        bucket.volume += candle.volume;
      }
    }
    flush();
    return rows.reverse().slice(0, limit);
  }
}

/** Index of the first candle starting at or after `time`. */
function lowerBound(candles: readonly MinuteCandle[], time: number): number {
  let low = 0;
  let high = candles.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (candles[middle]!.start < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
