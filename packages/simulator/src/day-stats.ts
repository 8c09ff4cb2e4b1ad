/**
 * 24-hour statistics (`/stats`, ticker `open_24h`, `volume_24h`, ...). The simulator only generates a couple of
 * hours of history, so the part of the last 24 hours before that history comes from a seeded baseline with the
 * product's expected volume rate; live trades take over as time passes.
 */
import type { CandleBook } from './candle-book.js';
import { roundTo } from './format.js';
import { meanTradeSize, type ProductState } from './product-dynamics.js';
import { deriveSeed, Random } from './random.js';

const DAY_MS = 86_400_000;

/** What the 24 hours before the generated history looked like. */
export interface DayBaseline {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** Expected base volume per millisecond. */
  readonly volumePerMs: number;
  readonly volume30d: number;
}

export interface DayStats {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly last: number;
  /** Base volume over the last 24 hours. */
  readonly volume: number;
  readonly volume30d: number;
}

/** Draws the baseline from its own stream so it never shifts the product's price stream. */
export function createDayBaseline(state: ProductState, seed: number, rateMultiplier: number): DayBaseline {
  const rng = new Random(deriveSeed(seed, `day:${state.product.id}`));
  const { dailyVolatility, tradesPerSecond } = state.product;
  const start = Math.exp(state.logPrice);
  const open = start * Math.exp(0.7 * dailyVolatility * rng.normal());
  const high = Math.max(open, start) * Math.exp(0.4 * dailyVolatility * Math.abs(rng.normal()));
  const low = Math.min(open, start) * Math.exp(-0.4 * dailyVolatility * Math.abs(rng.normal()));
  const volumePerMs = (tradesPerSecond * rateMultiplier * meanTradeSize(state, start)) / 1000;
  return {
    open: roundTo(open, state.quoteDecimals),
    high: roundTo(high, state.quoteDecimals),
    low: roundTo(low, state.quoteDecimals),
    volumePerMs,
    volume30d: roundTo(volumePerMs * DAY_MS * 30 * Math.exp(0.2 * rng.normal()), state.baseDecimals),
  };
}

/** The 24 h figures at `now`, given the candles held since `historyStart`. */
export function dayStats(
  state: ProductState,
  baseline: DayBaseline,
  book: CandleBook,
  historyStart: number,
  now: number,
): DayStats {
  const window = book.window(now);
  const last = state.lastTrade.price;
  const uncoveredMs = Math.max(0, historyStart - (now - DAY_MS));
  const covered = uncoveredMs === 0;
  const high = Math.max(window.high, last, covered ? Number.NEGATIVE_INFINITY : baseline.high);
  const low = Math.min(window.low, last, covered ? Number.POSITIVE_INFINITY : baseline.low);
  return {
    open: covered ? (window.open ?? last) : baseline.open,
    high,
    low,
    last,
    volume: roundTo(window.volume + baseline.volumePerMs * uncoveredMs, state.baseDecimals),
    volume30d: baseline.volume30d,
  };
}
