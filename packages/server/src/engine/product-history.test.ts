import { describe, expect, it } from 'vitest';
import { MINUTE_SLOTS } from './minute-buckets.js';
import { ProductHistory, SECOND_RING_CAP, TRADE_RING_CAP } from './product-history.js';

const T0 = 1_800_000_000_000;
const ID = 'ABC-USD';

describe('ProductHistory memory', () => {
  it('stays bounded under a long busy feed, and a flapping one', () => {
    const history = new ProductHistory();
    let tradeId = 0;
    // 200 trades a second for 2000 s: 400 000 trades, far more than the exact window can hold.
    for (let index = 0; index < 400_000; index += 1) {
      history.ingestTrade({
        productId: ID,
        tradeId: ++tradeId,
        price: 100 + (index % 7),
        size: 1,
        time: T0 + index * 5,
      });
    }
    expect(history.trades.size).toBe(TRADE_RING_CAP);
    expect(history.trades.capacity).toBe(TRADE_RING_CAP);
    expect(history.seconds.size).toBeLessThanOrEqual(661);
    expect(history.seconds.capacity).toBeLessThanOrEqual(SECOND_RING_CAP);
    for (let index = 0; index < 1_000; index += 1) {
      history.live.start(T0 + index * 10);
      history.live.stop(T0 + index * 10 + 5);
    }
    expect(history.live.periodCount).toBeLessThanOrEqual(32);
    // The minute ring is a fixed allocation; the newest minutes are all held, older ones read as unknown.
    expect(history.minutes.holds(history.minutes.newestMinute - (MINUTE_SLOTS - 1) * 60_000)).toBe(true);
    expect(history.minutes.holds(history.minutes.newestMinute - MINUTE_SLOTS * 60_000)).toBe(false);
  });

  it('falls back to the last whole second when the exact trades overflowed', () => {
    const history = new ProductHistory();
    const trades: Array<{ time: number; price: number }> = [];
    let tradeId = 0;
    // 150 trades a second for 200 s: the exact ring covers only the last ~109 s.
    for (let index = 0; index < 30_000; index += 1) {
      const time = T0 + Math.floor(index * 6.667);
      const price = 50 + ((index * 7919) % 1000) / 100;
      trades.push({ time, price });
      history.ingestTrade({ productId: ID, tradeId: ++tradeId, price, size: 1, time });
    }
    const now = (trades.at(-1)?.time ?? 0) + 1;
    const windowStart = now - 180_000 + 123;
    expect(history.trades.coversTime(windowStart)).toBe(false);
    // The closest price known for sure not to come from a later trade: end of the previous whole second.
    const secondStart = Math.floor(windowStart / 1000) * 1000;
    const expected = trades.filter((trade) => trade.time < secondStart).at(-1)?.price;
    expect(history.priceAt(windowStart)).toBe(expected);
    // Within the exact ring the answer is exact.
    const recent = now - 30_500;
    expect(history.priceAt(recent)).toBe(trades.filter((trade) => trade.time <= recent).at(-1)?.price);
  });
});

describe('ProductHistory trades', () => {
  it('ignores duplicates, older ids and invalid trades; keeps time monotonic', () => {
    const history = new ProductHistory();
    const trade = (tradeId: number, price: number, time: number, size = 1) =>
      history.ingestTrade({ productId: ID, tradeId, price, size, time });
    expect(trade(10, 5, T0)).toBe(true);
    expect(trade(10, 6, T0 + 1)).toBe(false);
    expect(trade(9, 6, T0 + 1)).toBe(false);
    expect(trade(11, 0, T0 + 1)).toBe(false);
    expect(trade(12, Number.NaN, T0 + 1)).toBe(false);
    expect(trade(13, 7, T0 - 500)).toBe(true); // exchange clock jitter: kept at its predecessor's time
    expect(history.lastPrice).toBe(7);
    expect(history.lastTradeTime).toBe(T0);
    expect(history.firstTradePrice).toBe(5);
    expect(history.priceAt(T0)).toBe(7);
  });

  it('leaves a minute with a malformed candle unknown instead of empty', () => {
    const history = new ProductHistory();
    const minute = T0;
    history.ingestCandles(
      [{ start: minute, open: 1, high: Number.NaN, low: 1, close: 1, volume: 1 }],
      minute,
      minute + 120_000,
    );
    expect(history.sourceOf(minute)).toBe('unknown');
    expect(history.sourceOf(minute + 60_000)).toBe('candles');
    expect(history.bucketVolume(minute + 60_000)).toBe(0);
  });
});
