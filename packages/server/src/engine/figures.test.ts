import { describe, expect, it } from 'vitest';
import { MarketEngine } from './engine.js';
import type { Candle, ProductInfo } from './inputs.js';

/*
 * The 1-hour figures on a hand-computed example. B is a minute boundary; the server starts 20 s into minute
 * B+120 and the snapshot is taken at B+180 min + 5 s, so:
 *   volume_prev_1h = minutes [B+60, B+120)  (all from candles, the server was not running)
 *   volume_1h      = minutes [B+120, B+180) (start minute and gap minutes from candles, the rest live)
 *   initial_price_1h = close of minute B+119, carried back from B+100 (no candle in between)
 */

const MINUTE = 60_000;
const B = 1_800_000_000_000; // a multiple of 60 000
const at = (minutes: number, seconds = 0) => B + minutes * MINUTE + seconds * 1000;
const candle = (minutes: number, volume: number, high: number, low: number, close: number): Candle => ({
  start: at(minutes),
  open: close,
  high,
  low,
  close,
  volume,
});
const ID = 'ABC-USD';
const PRODUCT: ProductInfo = {
  id: ID,
  base: 'ABC',
  quote: 'USD',
  name: 'Abc',
  online: true,
  fxStablecoin: false,
};

interface Options {
  gapCandles?: boolean;
  prevHourCandles?: boolean;
}

function run({ gapCandles = true, prevHourCandles = true }: Options = {}) {
  const engine = new MarketEngine({ quoteCurrency: 'USD', stablecoins: [], minVolumeUsd: 1000 });
  engine.setProducts([PRODUCT]);
  engine.setStats(ID, { volume24hBase: 1e6 });
  let tradeId = 0;
  const trade = (time: number, price: number, size: number) =>
    engine.ingestTrade({ productId: ID, tradeId: ++tradeId, price, size, time });

  engine.liveStarted('all', at(120, 20));
  trade(at(120, 30), 100, 1); // in the start minute: the candle counts instead
  // After the start minute completed, the adapter fetches what was asked for.
  const before = prevHourCandles
    ? [candle(60, 2, 11, 9, 10), candle(100, 1, 13, 11, 12), candle(120, 3, 10, 10, 10)]
    : [candle(120, 3, 10, 10, 10)];
  engine.ingestCandles(ID, before, at(59), at(121, 2));
  trade(at(130, 1), 10, 1);
  trade(at(130, 59), 20, 0.5); // minute B+130: 10 + 10 = 20
  trade(at(150, 4), 10, 100); // gap minute: only the candle counts
  engine.liveStopped('all', at(150, 10));
  engine.liveStarted('all', at(151, 40));
  trade(at(151, 50), 10, 1); // gap minute without candle: zero, the live trade notwithstanding
  if (gapCandles) engine.ingestCandles(ID, [candle(150, 4, 12, 8, 10)], at(150), at(152));
  trade(at(170, 30), 11, 10); // minute B+170: 110
  return engine.snapshot(at(180, 5));
}

describe('1-hour figures', () => {
  it('sums live, start-minute and gap-minute buckets as hand-computed', () => {
    const snapshot = run();
    // prev: 2 * (11 + 9 + 10) / 3 + 1 * (13 + 11 + 12) / 3 = 20 + 12
    // last: start minute 3 * 10 = 30, live 20, gap minute 4 * 10 = 40, empty gap minute 0, live 110
    expect(snapshot.bottomBanner).toEqual([
      {
        symbol: ID,
        base: 'ABC',
        name: 'Abc',
        market_cap: null,
        current_price: 11,
        volume_1h: 200,
        volume_prev_1h: 32,
        volume_change_1h: 525,
        price_change_1h: -8.3333,
        volume_24h: 11e6,
        url: 'https://www.coinbase.com/price/abc',
      },
    ]);
    expect(snapshot.topBanner).toEqual([
      {
        symbol: ID,
        base: 'ABC',
        name: 'Abc',
        market_cap: null,
        current_price: 11,
        initial_price_1h: 12,
        price_change_1h: -8.3333,
        volume_24h: 11e6,
        url: 'https://www.coinbase.com/price/abc',
      },
    ]);
  });

  it('leaves a product with an unknown minute out of the volume banner, not the price banner', () => {
    const snapshot = run({ gapCandles: false });
    expect(snapshot.bottomBanner).toEqual([]);
    expect(snapshot.topBanner.map((row) => row.initial_price_1h)).toEqual([12]);
  });

  it('leaves a product whose previous hour had no volume out of the volume banner', () => {
    const snapshot = run({ prevHourCandles: false });
    expect(snapshot.bottomBanner).toEqual([]);
    // Without the B+100 candle the carry runs back to the start of the coverage and finds no close.
    expect(snapshot.topBanner).toEqual([]);
  });

  it('asks for exactly the minutes neither live nor covered', () => {
    const engine = new MarketEngine({ quoteCurrency: 'USD', stablecoins: [], minVolumeUsd: 0 });
    engine.setProducts([PRODUCT]);
    engine.setStats(ID, { volume24hBase: 1, last: 5 });
    engine.liveStarted([ID], at(120, 20));
    expect(engine.candleNeeds(at(120, 30))).toEqual([{ productId: ID, from: at(-1), to: at(120) }]);
    expect(engine.candleNeeds(at(121, 1))).toEqual([{ productId: ID, from: at(0), to: at(121) }]);
    // A response up to the fetch instant: the in-progress minute B+121 is not covered by it.
    engine.ingestCandles(ID, [candle(121, 1, 1, 1, 1)], at(0), at(121, 30));
    expect(engine.candleNeeds(at(122, 1))).toEqual([]);
    engine.liveStopped([ID], at(130, 0));
    engine.liveStarted([ID], at(132, 30));
    expect(engine.candleNeeds(at(135))).toEqual([{ productId: ID, from: at(130), to: at(133) }]);
    // Products that are not tracked (here: delisted) are never asked for.
    engine.setProducts([]);
    expect(engine.candleNeeds(at(135))).toEqual([]);
  });

  it('treats a stop exactly at a minute boundary as covering the minute before it', () => {
    const engine = new MarketEngine({ quoteCurrency: 'USD', stablecoins: [], minVolumeUsd: 0 });
    engine.setProducts([PRODUCT]);
    engine.setStats(ID, { volume24hBase: 1, last: 5 });
    engine.liveStarted([ID], at(10));
    engine.liveStopped([ID], at(12));
    engine.liveStarted([ID], at(12));
    // Trades before `at` were all delivered, so minutes [B+10, B+13) are live; only earlier ones are needed.
    expect(engine.candleNeeds(at(13, 1))).toEqual([{ productId: ID, from: at(13 - 121), to: at(10) }]);
  });
});
