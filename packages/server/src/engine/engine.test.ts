import { describe, expect, it } from 'vitest';
import { type EngineOptions, MarketEngine } from './engine.js';
import type { ProductInfo } from './inputs.js';

const T0 = 1_800_000_000_000 + 7_000;
const OPTIONS: EngineOptions = {
  quoteCurrency: 'USD',
  stablecoins: ['usdc', 'DAI'],
  minVolumeUsd: 1_000_000,
};

function product(id: string, overrides: Partial<ProductInfo> = {}): ProductInfo {
  const [base = id, quote = 'USD'] = id.split('-');
  return { id, base, quote, name: base, online: true, fxStablecoin: false, ...overrides };
}

/** An engine with products live from T0 and a helper to feed a trade. */
function setup(products: ProductInfo[], options: Partial<EngineOptions> = {}) {
  const engine = new MarketEngine({ ...OPTIONS, ...options });
  engine.setProducts(products);
  engine.liveStarted('all', T0);
  let tradeId = 0;
  const trade = (productId: string, time: number, price: number, size = 1) =>
    engine.ingestTrade({ productId, tradeId: ++tradeId, price, size, time });
  return { engine, trade };
}

describe('tracking filters', () => {
  it('keeps only online, quote-currency, non-stablecoin products with enough 24 h quote volume', () => {
    const products = [
      product('BTC-USD'),
      product('USDC-USD'),
      product('DAI-USD'),
      product('PAX-USD', { fxStablecoin: true }),
      product('BTC-EUR'),
      product('OFF-USD', { online: false }),
      product('LOW-USD'),
      product('NOSTATS-USD'),
      product('STATSONLY-USD'),
    ];
    const { engine, trade } = setup(products);
    for (const { id } of products)
      if (id !== 'NOSTATS-USD') engine.setStats(id, { volume24hBase: 20_000, last: 1_000 });
    let time = T0 + 1_000;
    for (const { id } of products) {
      if (id === 'STATSONLY-USD') continue;
      // LOW's stats price would pass the filter, its live price (which wins) does not: 20 000 * 49.5 < 1e6.
      const [first, last] = id === 'LOW-USD' ? [49, 49.5] : [100, 101];
      trade(id, time++, first);
      trade(id, time++, last);
    }
    const snapshot = engine.snapshot(T0 + 60_000);
    expect(snapshot.productsTracked).toBe(2); // BTC-USD, and STATSONLY-USD priced by its stats
    expect(snapshot.gainers.map((row) => row.symbol)).toEqual(['BTC-USD']);
    expect(snapshot.gainers[0]?.volume_24h).toBe(20_000 * 101);
    expect(engine.candleNeeds(T0 + 60_000).map((need) => need.productId)).toEqual([
      'BTC-USD',
      'STATSONLY-USD',
    ]);
  });

  it('never guesses: no stats, or no price at all, means not tracked', () => {
    const { engine, trade } = setup([product('A-USD'), product('B-USD')], { minVolumeUsd: 0 });
    trade('A-USD', T0 + 1, 10);
    engine.setStats('B-USD', { volume24hBase: 5 });
    const snapshot = engine.snapshot(T0 + 1_000);
    expect(snapshot.productsTracked).toBe(0);
    expect(engine.candleNeeds(T0 + 1_000)).toEqual([]);
  });
});

describe('movers', () => {
  it('orders equal changes by volume_24h then symbol, ranks from 1, rounds to 4 decimals', () => {
    const ids = ['D-USD', 'C-USD', 'B-USD', 'A-USD', 'E-USD', 'F-USD'];
    const { engine, trade } = setup(ids.map((id) => product(id)));
    const volumes: Record<string, number> = { 'A-USD': 1e5, 'B-USD': 3e5, 'C-USD': 1e5, 'D-USD': 1e5 };
    for (const id of ids) engine.setStats(id, { volume24hBase: volumes[id] ?? 1e5 });
    for (const id of ids) trade(id, T0 + 10, 100);
    for (const id of ['A-USD', 'B-USD', 'C-USD', 'D-USD']) trade(id, T0 + 20_000, 110);
    trade('E-USD', T0 + 20_000, 100.8402345);
    trade('F-USD', T0 + 20_000, 99.1597655);
    const snapshot = engine.snapshot(T0 + 190_000);
    expect(snapshot.gainers.map((row) => [row.rank, row.symbol])).toEqual([
      [1, 'B-USD'],
      [2, 'A-USD'],
      [3, 'C-USD'],
      [4, 'D-USD'],
      [5, 'E-USD'],
    ]);
    expect(snapshot.gainers[0]).toMatchObject({
      momentum: 'strong',
      alert_level: 'high',
      initial_price_3min: 100,
    });
    expect(snapshot.gainers[4]).toMatchObject({ price_change_percentage_3min: 0.8402, momentum: 'weak' });
    expect(snapshot.losers.map((row) => [row.rank, row.symbol, row.price_change_percentage_3min])).toEqual([
      [1, 'F-USD', -0.8402],
    ]);
  });

  it('warms up: the interval grows from the first live trade to exactly 3 minutes, never above', () => {
    const { engine, trade } = setup([product('A-USD')]);
    engine.setStats('A-USD', { volume24hBase: 1e9 });
    const first = T0 + 10_000;
    trade('A-USD', first, 100);
    let time = first;
    let price = 100;
    const intervals: number[] = [];
    for (const now of [first + 30_000, first + 179_999, first + 180_000, first + 180_001, first + 399_000]) {
      for (; time + 2_000 <= now; time += 2_000) {
        price += 0.01;
        trade('A-USD', time + 2_000, price);
      }
      const snapshot = engine.snapshot(now);
      const row = snapshot.gainers[0];
      if (now - first < 180_000) {
        expect(snapshot.warm).toBe(false);
        expect(row?.initial_price_3min).toBe(100);
        expect(row?.actual_interval_minutes).toBeLessThan(3);
      } else {
        expect(snapshot.warm).toBe(true);
        expect(row?.actual_interval_minutes).toBe(3);
      }
      if (row !== undefined) intervals.push(row.actual_interval_minutes);
    }
    expect(intervals[0]).toBe(0.5);
    expect(intervals[1]).toBeCloseTo(179_999 / 60_000, 12);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(3.05);
  });

  it('builds a sparkline of at most 36 points from the initial to the current price', () => {
    const { engine, trade } = setup([product('A-USD')]);
    engine.setStats('A-USD', { volume24hBase: 1e9 });
    for (let second = 0; second <= 600; second += 1) trade('A-USD', T0 + 1 + second * 1_000, 100 + second);
    const now = T0 + 600_500;
    const row = engine.snapshot(now).gainers[0];
    expect(row?.sparkline).toHaveLength(36);
    expect(row?.sparkline[0]).toBe(row?.initial_price_3min);
    expect(row?.initial_price_3min).toBe(100 + 420); // last trade at or before now - 180 s (T0 + 420 001)
    expect(row?.sparkline.at(-1)).toBe(700);
    expect(row?.sparkline).toEqual([...(row?.sparkline ?? [])].sort((a, b) => a - b));
  });
});

describe('product list and bookkeeping', () => {
  it('drops the history of a delisted product; a relisted one starts from scratch', () => {
    const { engine, trade } = setup([product('A-USD')], { minVolumeUsd: 0 });
    engine.setStats('A-USD', { volume24hBase: 1, last: 7 });
    trade('A-USD', T0 + 1, 10);
    trade('A-USD', T0 + 200_000, 12);
    expect(engine.snapshot(T0 + 200_001).gainers).toHaveLength(1);
    engine.setProducts([]);
    expect(engine.snapshot(T0 + 200_002).productsTracked).toBe(0);
    engine.setProducts([product('A-USD')]);
    engine.setStats('A-USD', { volume24hBase: 1, last: 7 });
    const snapshot = engine.snapshot(T0 + 200_003);
    expect(snapshot.productsTracked).toBe(1);
    expect(snapshot.gainers).toEqual([]);
    expect(snapshot.lastTradeAt).toBe(T0 + 200_000);
  });

  it('ignores unknown products and repeated trade ids', () => {
    const { engine, trade } = setup([product('A-USD')]);
    engine.setStats('A-USD', { volume24hBase: 1e9 });
    trade('A-USD', T0 + 1, 10);
    engine.ingestTrade({ productId: 'A-USD', tradeId: 1, price: 99, size: 1, time: T0 + 5 });
    engine.ingestTrade({ productId: 'ZZZ-USD', tradeId: 100, price: 99, size: 1, time: T0 + 9 });
    const snapshot = engine.snapshot(T0 + 10);
    expect(snapshot.lastTradeAt).toBe(T0 + 1);
    expect(snapshot.topBanner).toEqual([]);
  });

  it('reports history seconds and not warm before any live trade', () => {
    const { engine } = setup([product('A-USD')], { minVolumeUsd: 0 });
    engine.setStats('A-USD', { volume24hBase: 1, last: 7 });
    let snapshot = engine.snapshot(T0 + 1_000);
    expect(snapshot).toMatchObject({ warm: false, lastTradeAt: null, historySeconds: 0, productsTracked: 1 });
    const minute = Math.floor(T0 / 60_000) * 60_000;
    engine.ingestCandles('A-USD', [], minute - 121 * 60_000, minute);
    snapshot = engine.snapshot(T0 + 1_000);
    expect(snapshot.historySeconds).toBe((T0 + 1_000 - (minute - 121 * 60_000)) / 1000);
  });

  it('leaves out products whose figures are not finite', () => {
    const { engine, trade } = setup([product('A-USD')], { minVolumeUsd: 0 });
    engine.setStats('A-USD', { volume24hBase: Number.NaN });
    trade('A-USD', T0 + 1, 10);
    expect(engine.snapshot(T0 + 2).productsTracked).toBe(0);
    engine.setStats('A-USD', { volume24hBase: 1 });
    trade('A-USD', T0 + 3, Number.POSITIVE_INFINITY);
    trade('A-USD', T0 + 4, -1);
    expect(engine.snapshot(T0 + 5).gainers).toEqual([]);
    expect(engine.snapshot(T0 + 5).productsTracked).toBe(1);
  });

  it('uses the product URL option', () => {
    const { engine, trade } = setup([product('A-USD')], {
      minVolumeUsd: 0,
      productUrl: (info) => `https://example.test/${info.id}`,
    });
    engine.setStats('A-USD', { volume24hBase: 1 });
    trade('A-USD', T0 + 1, 10);
    trade('A-USD', T0 + 2, 11);
    expect(engine.snapshot(T0 + 3).gainers[0]?.url).toBe('https://example.test/A-USD');
  });
});
