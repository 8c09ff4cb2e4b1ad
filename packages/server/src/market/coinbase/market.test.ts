import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketEngine } from '../../engine/engine.js';
import { CoinbaseMarket } from './market.js';
import { CoinbaseRest } from './rest.js';

/**
 * The adapter against the simulated exchange with a clock both share and the test can move forward, so that a
 * minute can complete without waiting a minute. The feed's silence watchdog is set long so that moving the
 * clock is not taken for a dead connection.
 */
let offset = 0;
const clock = () => Date.now() + offset;
let simulator: Simulator;
let engine: MarketEngine;
let market: CoinbaseMarket;

function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setImmediate(check);
    };
    check();
  });
}

const candleRequestsFor = (productId: string) =>
  simulator.stats.restRequests.filter((request) => request.path.startsWith(`/products/${productId}/candles`));

beforeAll(async () => {
  simulator = await startSimulator({ seed: 3, clock, tradeRateMultiplier: 0.5 });
  engine = new MarketEngine({
    quoteCurrency: 'USD',
    stablecoins: ['USDT', 'DAI', 'PYUSD', 'EURC', 'GUSD'],
    minVolumeUsd: 100_000,
  });
  market = new CoinbaseMarket({
    rest: new CoinbaseRest({ baseUrl: simulator.restUrl }),
    wsUrl: simulator.wsUrl,
    engine,
    quoteCurrency: 'USD',
    stablecoins: ['USDT', 'DAI', 'PYUSD', 'EURC', 'GUSD'],
    logger: pino({ level: 'silent' }),
    clock,
    candleRepairIntervalMs: 50,
    feedTimeouts: { silenceTimeoutMs: 3_600_000 },
  });
  market.start();
  await until(
    () => market.status().feed.state === 'up' && engine.snapshot(clock()).bottomBanner.length > 20,
    'subscription and candle backfill',
  );
}, 30_000);

afterAll(async () => {
  market?.stop();
  await simulator?.close();
});

describe('CoinbaseMarket', () => {
  it('subscribes only to tradable non-stablecoin products in the quote currency', () => {
    const status = market.status();
    expect(status.productsListed).toBeGreaterThanOrEqual(100);
    const snapshot = engine.snapshot(clock());
    const symbols = snapshot.topBanner.map((row) => row.symbol);
    expect(symbols).toContain('BTC-USD');
    expect(symbols.every((symbol) => symbol.endsWith('-USD'))).toBe(true);
    expect(symbols).not.toContain('USDT-USD');
  });

  it('fills the start minute from candles once it has completed', async () => {
    offset += 70_000;
    await until(() => engine.candleNeeds(clock() - 10_000).length === 0, 'start minute repaired');
  });

  it('re-seeds a product from candles after a trade-id gap', async () => {
    const before = market.status().feed.gaps;
    simulator.faults.skipTrades('ETH-USD', 2);
    await until(() => market.status().feed.gaps > before, 'gap detected');
    expect(engine.candleNeeds(clock() + 120_000).map((need) => need.productId)).toContain('ETH-USD');
    const requestsBefore = candleRequestsFor('ETH-USD').length;
    offset += 75_000;
    await until(
      () =>
        candleRequestsFor('ETH-USD').length > requestsBefore &&
        !engine.candleNeeds(clock() - 10_000).some((need) => need.productId === 'ETH-USD'),
      'gap minute re-seeded',
    );
    expect(engine.snapshot(clock()).bottomBanner.some((row) => row.symbol === 'ETH-USD')).toBe(true);
  });

  it('keeps loading when candle requests are rate limited, honouring Retry-After', async () => {
    const before = market.status().feed.gaps;
    simulator.faults.skipTrades('SOL-USD', 1);
    await until(() => market.status().feed.gaps > before, 'gap detected');
    simulator.faults.rest.respond429(1, 1, '/products/SOL-USD/candles');
    offset += 75_000;
    await until(
      () => !engine.candleNeeds(clock() - 10_000).some((need) => need.productId === 'SOL-USD'),
      'SOL-USD re-seeded after a 429',
    );
    const statuses = candleRequestsFor('SOL-USD').map((request) => request.status);
    expect(statuses.slice(-2)).toEqual([429, 200]);
  });
});
