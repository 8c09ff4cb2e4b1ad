import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog.js';
import { MarketModel, type MarketModelOptions } from './market-model.js';
import type { SimTrade } from './product-dynamics.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 24, 18, 0, 20);
const catalog = buildCatalog();

function model(overrides: Partial<MarketModelOptions> = {}): MarketModel {
  return new MarketModel(catalog, {
    seed: 42,
    tradeRateMultiplier: 1,
    historyMinutes: 130,
    now: START,
    ...overrides,
  });
}

/** Runs the model from START for `durationMs` in steps of `stepMs` (virtual time: no waiting). */
function run(market: MarketModel, durationMs: number, stepMs: number): SimTrade[] {
  const trades: SimTrade[] = [];
  for (let time = START + stepMs; time <= START + durationMs; time += stepMs)
    trades.push(...market.advanceTo(time));
  return trades;
}

describe('MarketModel', () => {
  it('replays the same history and trades for the same seed, and differs for another seed', () => {
    const first = model();
    const second = model();
    const other = model({ seed: 7 });
    const range = [START - 130 * MINUTE, START, MINUTE, 300] as const;
    expect(second.candles('ETH-USD', ...range)).toEqual(first.candles('ETH-USD', ...range));
    expect(other.candles('ETH-USD', ...range)).not.toEqual(first.candles('ETH-USD', ...range));
    expect(run(second, 10_000, 100)).toEqual(run(first, 10_000, 100));
  });

  it('produces the same trades however the timer loop slices time', () => {
    const fine = run(model(), 60_000, 100);
    const coarse = run(model(), 60_000, 1_500);
    const key = (trade: SimTrade): string =>
      `${trade.productId}:${trade.tradeId}:${trade.price}:${trade.size}`;
    expect(new Set(coarse.map(key))).toEqual(new Set(fine.map(key)));
  });

  it('trades about 150-300 times a second with consecutive ids, rising sequences and sane sizes', () => {
    const trades = run(model(), 60_000, 250);
    expect(trades.length / 60).toBeGreaterThan(150);
    expect(trades.length / 60).toBeLessThan(300);
    const last = new Map<string, SimTrade>();
    const usdPerQuote = new Map(catalog.map((product) => [product.id, product.usdPerQuote]));
    const problems: string[] = [];
    for (const trade of trades) {
      const previous = last.get(trade.productId);
      if (
        previous !== undefined &&
        (trade.tradeId !== previous.tradeId + 1 ||
          trade.sequence <= previous.sequence ||
          trade.time < previous.time)
      ) {
        problems.push(`${trade.productId} ${previous.tradeId} -> ${trade.tradeId}`);
      }
      last.set(trade.productId, trade);
      const notionalUsd = trade.price * trade.size * usdPerQuote.get(trade.productId)!;
      // Rounding to the lot size can push a $5 trade a little either way.
      if (notionalUsd < 4 || notionalUsd > 51_000)
        problems.push(`${trade.productId} notional ${notionalUsd}`);
    }
    expect(problems).toEqual([]);
    const btc = trades.filter((trade) => trade.productId === 'BTC-USD').length / 60;
    const thin = trades.filter((trade) => trade.productId === 'MDT-USD').length;
    expect(btc).toBeGreaterThan(5);
    expect(thin).toBeLessThan(10);
    expect(trades.some((trade) => trade.productId === 'REP-USD' || trade.productId === 'RNDR-USD')).toBe(
      false,
    );
  });

  it('serves two hours of minute history at start, with hour-to-hour volume changes', () => {
    const market = model();
    const rows = market.candles('BTC-USD', START - 130 * MINUTE, START, MINUTE, 300);
    expect(rows.length).toBeGreaterThanOrEqual(130);
    const liveStart = Math.floor(START / MINUTE) * MINUTE;
    expect(rows.at(-1)?.[0]).toBe((liveStart - 130 * MINUTE) / 1000);
    const quoteVolume = (fromMinute: number, toMinute: number, id: string): number =>
      market
        .candles(id, START - fromMinute * MINUTE, START - toMinute * MINUTE - 1, MINUTE, 300)
        .reduce((sum, [, low, high, , close, volume]) => sum + (volume * (low + high + close)) / 3, 0);
    const changes = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'ADA-USD', 'LINK-USD'].map(
      (id) => quoteVolume(60, 0, id) / quoteVolume(120, 60, id) - 1,
    );
    expect(changes.filter((change) => Math.abs(change) > 0.02).length).toBeGreaterThanOrEqual(3);
  });

  it('has 3-minute gainers and losers beyond 3 % at most times', () => {
    const market = model();
    let windowsWithBoth = 0;
    for (let minute = 10; minute <= 120; minute += 10) {
      const end = START - minute * MINUTE;
      const changes = catalog.map((product) => {
        const rows = market.candles(product.id, end - 3 * MINUTE, end - 1, MINUTE, 300);
        return rows.length === 0 ? 0 : rows[0]![4] / rows.at(-1)![3] - 1;
      });
      if (changes.some((change) => change > 0.03) && changes.some((change) => change < -0.03))
        windowsWithBoth += 1;
    }
    expect(windowsWithBoth).toBeGreaterThanOrEqual(6);
  });

  it('keeps thin products under $100k of 24 h volume and majors far above', () => {
    const market = model();
    const quoteVolume = (id: string): number => {
      const stats = market.stats(id, START)!;
      return stats.volume * stats.last;
    };
    for (const product of catalog.filter((candidate) => candidate.tier === 'thin')) {
      expect(quoteVolume(product.id)).toBeLessThan(100_000);
    }
    expect(quoteVolume('BTC-USD')).toBeGreaterThan(100_000_000);
    expect(quoteVolume('REP-USD')).toBe(0);
  });

  it('books live trades into the candle of the current minute', () => {
    const market = model();
    const [before] = market.candles('BTC-USD', START, START, MINUTE, 1);
    const trades = market.advanceTo(START + 5_000).filter((trade) => trade.productId === 'BTC-USD');
    const [after] = market.candles('BTC-USD', START, START + 5_000, MINUTE, 1);
    const added = trades.reduce((sum, trade) => sum + trade.size, 0);
    expect(after![5]).toBeCloseTo(before![5] + added, 6);
    expect(after![4]).toBe(trades.at(-1)!.price);
    expect(market.state('BTC-USD')?.lastTrade).toEqual(trades.at(-1));
  });

  it('skips ahead instead of printing hours of trades after a long clock jump', () => {
    const market = model();
    const trades = market.advanceTo(START + 60 * MINUTE);
    expect(trades.length).toBeLessThan(300 * 5 * 60);
    expect(trades[0]!.time).toBeGreaterThanOrEqual(START + 55 * MINUTE);
  });
});
