import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketEngine } from '../engine/engine.js';
import { eventually } from '../test-support/wait.js';
import { CoinbaseMarket } from './coinbase/market.js';
import { CoinbaseRest } from './coinbase/rest.js';
import { RateBudget } from './rate-budget.js';

/** The most requests in any one-second window [t, t + 1000) starting at a request. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && (sorted[end] ?? 0) < (sorted[start] ?? 0) + windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('RateBudget with a fake clock', () => {
  it('spreads the start-up of 300 products (stats and candles) at 8 a second, burst 2', async () => {
    let now = 0;
    const budget = new RateBudget({ ratePerSecond: 8, burst: 2, clock: () => now });
    const sendTimes: number[] = [];
    // 2 catalog calls, then stats and one backfill request per product, all asked for at once.
    for (let request = 0; request < 2 + 300 * 2; request += 1) sendTimes.push(now + budget.reserve());
    expect(busiestWindow(sendTimes, 1000)).toBeLessThanOrEqual(10);
    expect(sendTimes.slice(0, 3)).toEqual([0, 0, 125]);
    expect(Math.max(...sendTimes)).toBe((602 - 2) * 125);
    // Later requests after a quiet spell get the burst again, never more.
    now = 200_000;
    const later = [budget.reserve(), budget.reserve(), budget.reserve()];
    expect(later).toEqual([0, 0, 125]);
  });

  it('waits through the injected wait, and holds everyone back after a Retry-After', async () => {
    let now = 1000;
    const waits: number[] = [];
    const budget = new RateBudget({
      ratePerSecond: 4,
      burst: 1,
      clock: () => now,
      wait: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await budget.acquire();
    await budget.acquire();
    budget.pause(5000);
    await budget.acquire();
    expect(waits).toEqual([250, 5000]);
    expect(budget.granted).toBe(3);
    expect(budget.waiting).toBe(0);
  });
});

describe('the Coinbase adapter on a budget of 8 requests a second', () => {
  let simulator: Simulator;
  let market: CoinbaseMarket;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 21, tradeRateMultiplier: 0.1 });
    const budget = new RateBudget({ ratePerSecond: 8, burst: 2 });
    const engine = new MarketEngine({ quoteCurrency: 'USD', stablecoins: ['USDT'], minVolumeUsd: 100_000 });
    market = new CoinbaseMarket({
      rest: new CoinbaseRest({ baseUrl: simulator.restUrl, acquire: () => budget.acquire() }),
      wsUrl: simulator.wsUrl,
      engine,
      quoteCurrency: 'USD',
      stablecoins: ['USDT'],
      logger: pino({ level: 'silent' }),
      concurrency: 8,
    });
  });
  afterAll(async () => {
    market?.stop();
    await simulator?.close();
  });

  it('never sends more than 8 + 2 requests in any second while loading 125 products', async () => {
    market.start();
    // About three seconds of a start-up that, unbudgeted, sends its 250 requests in well under one.
    await eventually(() => simulator.stats.restRequests.length >= 26, '26 REST requests', 10_000);
    market.stop();
    const times = simulator.stats.restRequests.map((request) => request.time);
    // Counted where the simulator receives them: on a loaded machine a request released at the end of one
    // second can arrive in the next, so the 8/s + burst 2 budget is checked over two-second windows (18).
    expect(busiestWindow(times, 2000)).toBeLessThanOrEqual(18);
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(((times.length - 2) / 8) * 1000 - 250);
  });
});
