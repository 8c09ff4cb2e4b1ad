import { describe, expect, it } from 'vitest';
import { MarketEngine } from './engine.js';
import type { Candle, ProductInfo, ProductStats, Trade } from './inputs.js';
import type { BottomBannerRow, EngineSnapshot, MoverRow, TopBannerRow } from './rows.js';

/** CoinGecko's market cap for some assets only: rows carry it, or null when it is unknown. */
const marketCapOf = (base: string): number | undefined =>
  base.length % 2 === 0 ? base.length * 1e9 : undefined;

/*
 * Figures against an independent reference: a seeded fake exchange produces every trade over ~4 h of virtual
 * time; the engine gets the ones a live feed with gaps would deliver plus the candles an adapter would fetch,
 * and each snapshot is compared field by field with a brute-force recomputation that scans the raw lists.
 */

const MINUTE = 60_000;
const STABLECOINS = ['USDT', 'USDC', 'DAI'];
const MIN_VOLUME = 1_000_000;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Ingestion {
  coverFrom: number;
  coverTo: number;
  candles: Candle[];
}

/** What the reference knows: the raw lists, nothing derived. */
interface World {
  products: ProductInfo[];
  stats: Map<string, ProductStats>;
  delivered: Map<string, Trade[]>;
  periods: Map<string, Array<[number, number]>>;
  ingestions: Map<string, Ingestion[]>;
}

const roundRef = (value: number): number => Number(value.toFixed(4)) || 0;

function reference(world: World, now: number): Omit<EngineSnapshot, 'historySeconds'> {
  const M = Math.floor(now / MINUTE) * MINUTE;
  const movers: Array<{ c: number; v: number; row: Omit<MoverRow, 'rank'> }> = [];
  const prices: Array<{ c: number; v: number; row: TopBannerRow }> = [];
  const volumes: Array<{ c: number; v: number; row: BottomBannerRow }> = [];
  let tracked = 0;
  let anyLive = false;
  let warm = true;
  let lastTradeAt: number | null = null;
  for (const p of world.products) {
    const stats = world.stats.get(p.id);
    const stable = p.fxStablecoin || STABLECOINS.includes(p.base.toUpperCase());
    if (p.quote !== 'USD' || stable) continue;
    const trades = (world.delivered.get(p.id) ?? []).filter((t) => t.time <= now);
    for (const t of trades) if (lastTradeAt === null || t.time > lastTradeAt) lastTradeAt = t.time;
    if (!p.online || stats === undefined) continue;
    const last = trades.at(-1);
    const current = last?.price ?? stats.last;
    if (current === undefined) continue;
    const vol24 = stats.volume24hBase * current;
    if (vol24 < MIN_VOLUME) continue;
    tracked += 1;
    const id = { symbol: p.id, base: p.base, name: p.name, market_cap: marketCapOf(p.base) ?? null };
    const url = `https://www.coinbase.com/price/${p.base.toLowerCase()}`;
    const priceAt = (t: number) => trades.filter((x) => x.time <= t).at(-1)?.price;
    const first = trades[0];
    if (first !== undefined) {
      anyLive = true;
      if (now - first.time < 180_000) warm = false;
      const start = Math.max(now - 180_000, first.time);
      const initial = first.time > now - 180_000 ? first.price : priceAt(start);
      if (initial !== undefined && last !== undefined) {
        const sparkline = [initial];
        for (let i = 1; i < 35; i += 1)
          sparkline.push(priceAt(start + ((now - start) * i) / 35) ?? Number.NaN);
        sparkline.push(last.price);
        const c = (last.price / initial - 1) * 100;
        const abs = Math.abs(c);
        movers.push({
          c,
          v: vol24,
          row: {
            ...id,
            current_price: current,
            initial_price_3min: initial,
            price_change_percentage_3min: roundRef(c),
            actual_interval_minutes: (now - start) / MINUTE,
            volume_24h: vol24,
            momentum: abs >= 5 ? 'strong' : abs >= 1 ? 'moderate' : 'weak',
            alert_level: abs >= 10 ? 'high' : 'normal',
            sparkline: now > start ? sparkline : [initial, last.price],
            url,
          },
        });
      }
    }
    // One-minute buckets straight from the definitions.
    const tradesByMinute = new Map<number, Trade[]>();
    for (const t of trades) {
      const m = Math.floor(t.time / MINUTE) * MINUTE;
      tradesByMinute.set(m, [...(tradesByMinute.get(m) ?? []), t]);
    }
    const bucket = (m: number): { volume: number; close: number | undefined } | undefined => {
      const live = (world.periods.get(p.id) ?? []).some(([s, e]) => s <= m && e >= m + MINUTE);
      if (live) {
        const inMinute = tradesByMinute.get(m) ?? [];
        let volume = 0;
        for (const t of inMinute) volume += t.price * t.size;
        return { volume, close: inMinute.at(-1)?.price };
      }
      const covering = (world.ingestions.get(p.id) ?? []).filter(
        (g) => Math.ceil(g.coverFrom / MINUTE) * MINUTE <= m && m + MINUTE <= g.coverTo,
      );
      const latest = covering.at(-1);
      if (latest === undefined) return undefined;
      const candle = latest.candles.find((k) => k.start === m);
      if (candle === undefined) return { volume: 0, close: undefined };
      return { volume: (candle.volume * (candle.high + candle.low + candle.close)) / 3, close: candle.close };
    };
    let initial1h: number | undefined;
    for (let m = M - 61 * MINUTE; m >= M - 127 * MINUTE; m -= MINUTE) {
      const b = bucket(m);
      if (b === undefined) break;
      if (b.close !== undefined) {
        initial1h = b.close;
        break;
      }
    }
    if (initial1h === undefined) continue;
    const c1h = (current / initial1h - 1) * 100;
    prices.push({
      c: c1h,
      v: vol24,
      row: {
        ...id,
        current_price: current,
        initial_price_1h: initial1h,
        price_change_1h: roundRef(c1h),
        volume_24h: vol24,
        url,
      },
    });
    const sum = (from: number): number | undefined => {
      let total = 0;
      for (let m = from; m < from + 60 * MINUTE; m += MINUTE) {
        const b = bucket(m);
        if (b === undefined) return undefined;
        total += b.volume;
      }
      return total;
    };
    const vPrev = sum(M - 120 * MINUTE);
    const v1h = sum(M - 60 * MINUTE);
    if (vPrev === undefined || v1h === undefined || vPrev === 0) continue;
    const cv = (v1h / vPrev - 1) * 100;
    volumes.push({
      c: cv,
      v: vol24,
      row: {
        ...id,
        current_price: current,
        // Summation may associate differently (candle typical price): equal to many significant digits.
        volume_1h: expect.closeTo(v1h, 6),
        volume_prev_1h: expect.closeTo(vPrev, 6),
        volume_change_1h: roundRef(cv),
        price_change_1h: roundRef(c1h),
        volume_24h: vol24,
        url,
      },
    });
  }
  const tie = (a: { v: number; row: { symbol: string } }, b: { v: number; row: { symbol: string } }) =>
    b.v - a.v || (a.row.symbol < b.row.symbol ? -1 : a.row.symbol > b.row.symbol ? 1 : 0);
  const rank = (list: typeof movers) => list.map((x, i) => ({ rank: i + 1, ...x.row }));
  return {
    now,
    gainers: rank(movers.filter((x) => x.c > 0).sort((a, b) => b.c - a.c || tie(a, b))),
    losers: rank(movers.filter((x) => x.c < 0).sort((a, b) => a.c - b.c || tie(a, b))),
    topBanner: prices.sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || tie(a, b)).map((x) => x.row),
    bottomBanner: volumes.sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || tie(a, b)).map((x) => x.row),
    productsTracked: tracked,
    warm: anyLive && warm,
    lastTradeAt,
  };
}

function product(base: string, overrides: Partial<ProductInfo> = {}): ProductInfo {
  return {
    id: `${base}-USD`,
    base,
    quote: 'USD',
    name: `${base} coin`,
    online: true,
    fxStablecoin: false,
    ...overrides,
  };
}

/** Trades of the fake exchange: per product a rate (trades/s) and a random walk, over [from, to). */
function exchangeTrades(
  random: () => number,
  productId: string,
  rate: number,
  price: number,
  from: number,
  to: number,
) {
  const trades: Trade[] = [];
  let time = from;
  let tradeId = 1000;
  for (;;) {
    time += Math.max(1, Math.round((-Math.log(1 - random()) / rate) * 1000));
    if (time >= to) return trades;
    price *= 1 + (random() - 0.5) * 0.004;
    tradeId += 1;
    trades.push({ productId, tradeId, price, size: 0.01 + random() * 3, time });
  }
}

function candlesOf(trades: readonly Trade[], from: number, to: number): Candle[] {
  const byMinute = new Map<number, Trade[]>();
  for (const t of trades) {
    if (t.time < from || t.time >= to) continue;
    const m = Math.floor(t.time / MINUTE) * MINUTE;
    const list = byMinute.get(m) ?? [];
    list.push(t);
    byMinute.set(m, list);
  }
  return [...byMinute].map(([start, list]) => ({
    start,
    open: list[0]!.price,
    close: list.at(-1)!.price,
    high: Math.max(...list.map((t) => t.price)),
    low: Math.min(...list.map((t) => t.price)),
    volume: list.reduce((s, t) => s + t.size, 0),
  }));
}

describe('MarketEngine against a brute-force reference', () => {
  it('matches every field of every row at random instants over 4 h of virtual time', () => {
    const random = mulberry32(20_261_124);
    const start = 1_795_543_200_000 + 23_456; // mid-minute: the start minute must come from candles
    const end = start + 125 * MINUTE;
    const products = [
      product('BTC'),
      product('ETH'),
      product('SOL'),
      product('QUIET'),
      product('LATE'),
      product('HOLE'),
      product('GAPPY'),
      product('SILENT'),
      product('TINY'),
      product('USDT'),
      product('EURQ', { fxStablecoin: true }),
      product('OFF', { online: false }),
      { ...product('ETH'), id: 'ETH-EUR', quote: 'EUR' },
    ];
    const rates: Record<string, number> = {
      BTC: 3,
      ETH: 1,
      SOL: 0.4,
      QUIET: 0.004,
      HOLE: 0.2,
      GAPPY: 0.3,
      TINY: 0.5,
    };
    const all = new Map<string, Trade[]>();
    for (const p of products) {
      const rate = rates[p.base] ?? 0.2;
      const from = p.base === 'LATE' ? start + 95_000 : start - 130 * MINUTE;
      // SILENT never trades: it is priced by its stats and has no figure that needs a trade.
      const to = p.base === 'SILENT' ? from : end;
      all.set(p.id, exchangeTrades(random, p.id, rate, 10 + random() * 1000, from, to));
    }
    const world: World = {
      products,
      stats: new Map(),
      delivered: new Map(),
      periods: new Map(),
      ingestions: new Map(),
    };
    for (const p of products) {
      const volume = p.base === 'TINY' ? 1 : 1e7;
      world.stats.set(
        p.id,
        p.base === 'SILENT' ? { volume24hBase: volume, last: 42 } : { volume24hBase: volume },
      );
    }

    const engine = new MarketEngine({
      quoteCurrency: 'USD',
      stablecoins: STABLECOINS,
      minVolumeUsd: MIN_VOLUME,
      marketCapOf,
    });
    engine.setProducts(products);
    for (const [id, stats] of world.stats) engine.setStats(id, stats);

    // Live periods: everyone from start; a global disconnect; a per-product sequence gap on GAPPY.
    const disconnect = start + 40 * MINUTE + 12_345;
    const reconnect = disconnect + 97_000;
    const gappyStop = start + 70 * MINUTE + 30_000;
    const gappyStart = gappyStop + 5_000;
    const events: Array<{ at: number; run: () => void }> = [];
    const live = (ids: string[] | 'all', at: number, on: boolean) => {
      events.push({
        at,
        run: () => {
          const list = ids === 'all' ? products.map((p) => p.id) : ids;
          for (const id of list) {
            const periods = world.periods.get(id) ?? [];
            if (on) periods.push([at, Number.POSITIVE_INFINITY]);
            else if (periods.length > 0) periods[periods.length - 1]![1] = at;
            world.periods.set(id, periods);
          }
          if (on) engine.liveStarted(ids, at);
          else engine.liveStopped(ids, at);
        },
      });
    };
    live('all', start, true);
    live('all', disconnect, false);
    live('all', reconnect, true);
    live(['GAPPY-USD'], gappyStop, false);
    live(['GAPPY-USD'], gappyStart, true);

    // Delivered trades: those inside a live period of their product.
    const isLive = (id: string, time: number) =>
      (id === 'GAPPY-USD' ? time < gappyStop || time >= gappyStart : true) &&
      time >= start &&
      (time < disconnect || time >= reconnect);
    for (const [id, trades] of all) {
      for (const t of trades) {
        if (!isLive(id, t.time)) continue;
        events.push({
          at: t.time,
          run: () => {
            const list = world.delivered.get(id) ?? [];
            list.push(t);
            world.delivered.set(id, list);
            engine.ingestTrade(t);
            if (t.tradeId % 17 === 0) engine.ingestTrade(t); // duplicates are ignored
          },
        });
      }
    }
    events.push({
      at: start + 1,
      run: () => engine.ingestTrade({ ...all.get('BTC-USD')![0]!, productId: 'NOPE-USD' }),
    });

    // The adapter: a second after start, then every minute, fetches what candleNeeds asks for; HOLE's
    // fetches for one early minute always fail, so its volumes are unknown until that minute ages out.
    const holeMinute = Math.floor(start / MINUTE) * MINUTE - 100 * MINUTE;
    for (let at = start + 1_000; at < end; at += MINUTE) {
      events.push({
        at,
        run: () => {
          for (const need of engine.candleNeeds(at)) {
            const exchange = all.get(need.productId)!;
            // Half the responses run up to the fetch instant, with the in-progress minute's partial candle.
            const coverTo = random() < 0.5 ? at : need.to;
            const hole = need.productId === 'HOLE-USD' && need.from <= holeMinute && holeMinute < need.to;
            const pieces = hole
              ? [
                  [need.from, holeMinute],
                  [holeMinute + MINUTE, coverTo],
                ]
              : [[need.from, coverTo]];
            for (const [from = 0, to = 0] of pieces) {
              if (from < to) record(need.productId, from, to, candlesOf(exchange, from, to));
            }
          }
        },
      });
    }
    function record(productId: string, coverFrom: number, coverTo: number, candles: Candle[]) {
      world.ingestions.set(productId, [
        ...(world.ingestions.get(productId) ?? []),
        { coverFrom, coverTo, candles },
      ]);
      engine.ingestCandles(productId, candles, coverFrom, coverTo);
    }

    const instants = [start + 30_000, start + 95_000, start + 179_999, start + 180_000, start + 181_000];
    instants.push(start + 61 * MINUTE, start + 100 * MINUTE + 23_401, start + 121 * MINUTE + 3_000, end - 1);
    instants.push(disconnect + 30_000, reconnect + 60_000, gappyStop + 2 * MINUTE);
    for (let i = 0; i < 14; i += 1) instants.push(start + Math.floor(random() * (end - start)));
    const snapshots: Array<{ engine: EngineSnapshot; expected: ReturnType<typeof reference> }> = [];
    for (const at of instants) {
      events.push({
        at,
        run: () => snapshots.push({ engine: engine.snapshot(at), expected: reference(world, at) }),
      });
    }
    // Stable sort: at equal times the trade is delivered before the snapshot that must see it.
    events.sort((a, b) => a.at - b.at);
    for (const event of events) event.run();

    let sawVolumeRows = 0;
    let sawHoleMissing = 0;
    for (const { engine: actual, expected } of snapshots) {
      const { historySeconds, ...rest } = actual;
      expect(rest).toEqual(expected);
      expect(historySeconds).toBeGreaterThan(0);
      sawVolumeRows += actual.bottomBanner.length;
      if (
        actual.topBanner.some((r) => r.symbol === 'HOLE-USD') &&
        !actual.bottomBanner.some((r) => r.symbol === 'HOLE-USD')
      ) {
        sawHoleMissing += 1;
      }
    }
    // The scenario must actually exercise the interesting paths, not pass vacuously.
    expect(snapshots.length).toBe(instants.length);
    expect(sawVolumeRows).toBeGreaterThan(20);
    expect(sawHoleMissing).toBeGreaterThan(0);
    expect(snapshots.some((s) => s.engine.gainers.length > 3 && s.engine.losers.length > 0)).toBe(true);
    expect(snapshots.some((s) => s.engine.gainers.some((r) => r.actual_interval_minutes < 3))).toBe(true);
    expect(snapshots.at(-1)?.engine.productsTracked).toBe(8);
    expect(snapshots.some((s) => s.engine.warm) && snapshots.some((s) => !s.engine.warm)).toBe(true);
  });
});
