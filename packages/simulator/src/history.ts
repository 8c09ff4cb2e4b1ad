/**
 * Back history, generated a minute at a time instead of trade by trade: two hours of a 200-trade-a-second
 * market is about 1.5 million trades, too slow to replay at every start. Each minute draws its trade count,
 * walks the price through a few of those trades for open/high/low/close, and estimates the volume.
 */
import type { CandleBook } from './candle-book.js';
import { roundTo } from './format.js';
import {
  advanceState,
  drawTradeSize,
  meanTradeSize,
  type ProductState,
  priceTrade,
  recordTrade,
  TRADE_SIZE_VARIATION,
  tradeRate,
} from './product-dynamics.js';

const MINUTE_MS = 60_000;
/** Trades per minute that are actually priced; more points would hardly change open/high/low/close. */
const PRICED_TRADES = 6;
/** Below this many trades the volume is drawn trade by trade; above it, a normal approximation is close enough. */
const EXACT_VOLUME_BELOW = 12;

/** Simulates the minute starting at `minuteStart` and appends its candle (nothing when no trade happened). */
export function simulateHistoryMinute(
  state: ProductState,
  minuteStart: number,
  rateMultiplier: number,
  book: CandleBook,
): void {
  if (!state.canTrade) return;
  const minuteEnd = minuteStart + MINUTE_MS;
  const { rng } = state;
  const count = rng.poisson(
    (tradeRate(state, minuteStart + MINUTE_MS / 2, rateMultiplier) * MINUTE_MS) / 1000,
  );
  if (count === 0) {
    advanceState(state, minuteEnd);
    return;
  }
  const priced = Math.min(count, PRICED_TRADES);
  let open = 0;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let close = 0;
  let lastTime = minuteStart;
  let lastSide: 'buy' | 'sell' = 'buy';
  for (let index = 0; index < priced; index += 1) {
    // One priced trade at a random instant in each equal slice keeps them ordered in time.
    lastTime = minuteStart + (MINUTE_MS * (index + rng.next())) / priced;
    const trade = priceTrade(state, lastTime);
    if (index === 0) open = trade.price;
    high = Math.max(high, trade.price);
    low = Math.min(low, trade.price);
    close = trade.price;
    lastSide = trade.takerSide;
  }
  let volume = 0;
  let lastSize = 0;
  if (count < EXACT_VOLUME_BELOW) {
    for (let index = 0; index < count; index += 1) {
      lastSize = drawTradeSize(state, close);
      volume += lastSize;
    }
  } else {
    const typicalPrice = (high + low + close) / 3;
    const noise = 1 + (TRADE_SIZE_VARIATION / Math.sqrt(count)) * rng.normal();
    volume = count * meanTradeSize(state, typicalPrice) * Math.min(3, Math.max(0.3, noise));
    lastSize = drawTradeSize(state, close);
  }
  // Ids of the trades that were not priced one by one are taken in bulk; the last trade is recorded in full
  // so /ticker and last_match have it when the feed starts.
  state.tradeId += count - 1;
  state.sequence += (count - 1) * 3;
  recordTrade(state, lastTime, lastSide, close, lastSize);
  advanceState(state, minuteEnd);
  book.addMinute(
    minuteStart,
    open,
    high,
    low,
    close,
    roundTo(Math.max(volume, lastSize), state.baseDecimals),
  );
}
