import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoinbaseRest, parseRetryAfter, UpstreamError } from './rest.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 11, tradeRateMultiplier: 0.2 });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.rest.reset();
});

const candleRequests = () =>
  simulator.stats.restRequests.filter((request) => request.path.includes('/candles'));

describe('CoinbaseRest against the simulated exchange', () => {
  it('lists products with names, stablecoin flags and online state', async () => {
    const rest = new CoinbaseRest({ baseUrl: simulator.restUrl });
    const products = await rest.products();
    expect(products.length).toBeGreaterThanOrEqual(100);
    const sol = products.find((product) => product.id === 'SOL-USD');
    expect(sol).toEqual({
      id: 'SOL-USD',
      base: 'SOL',
      quote: 'USD',
      name: 'Solana',
      online: true,
      fxStablecoin: false,
    });
    expect(products.some((product) => product.fxStablecoin)).toBe(true);
    expect(products.some((product) => !product.online)).toBe(true);
  });

  it('reads one-minute candles oldest first within the range, and 24 h stats', async () => {
    const rest = new CoinbaseRest({ baseUrl: simulator.restUrl });
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const from = to - 120 * 60_000;
    const candles = await rest.candles('BTC-USD', from, to);
    expect(candles.length).toBeGreaterThan(100);
    expect(candles.length).toBeLessThanOrEqual(120);
    for (const [index, candle] of candles.entries()) {
      expect(candle.start % 60_000).toBe(0);
      expect(candle.start).toBeGreaterThanOrEqual(from);
      expect(candle.start).toBeLessThan(to);
      expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
      expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
      if (index > 0) expect(candle.start).toBeGreaterThan(candles[index - 1]?.start ?? 0);
    }
    const stats = await rest.stats('BTC-USD');
    expect(stats.volume24hBase).toBeGreaterThan(0);
    expect(stats.last).toBeGreaterThan(1000);
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    const rest = new CoinbaseRest({ baseUrl: simulator.restUrl });
    simulator.faults.rest.respond429(2, 1, '/candles');
    const before = candleRequests().length;
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const candles = await rest.candles('ETH-USD', to - 10 * 60_000, to);
    expect(candles.length).toBeGreaterThan(0);
    const attempts = candleRequests().slice(before);
    expect(attempts.map((attempt) => attempt.status)).toEqual([429, 429, 200]);
    expect((attempts[1]?.time ?? 0) - (attempts[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect((attempts[2]?.time ?? 0) - (attempts[1]?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(rest.lastError).toBeNull();
  });

  it('retries 5xx and malformed JSON, and gives up on 404 at once', async () => {
    const rest = new CoinbaseRest({ baseUrl: simulator.restUrl });
    simulator.faults.rest.respond5xx(1, 502, '/stats');
    simulator.faults.rest.malformedJson(1, '/stats');
    expect((await rest.stats('SOL-USD')).volume24hBase).toBeGreaterThan(0);
    const before = simulator.stats.restRequests.length;
    await expect(rest.stats('NOPE-USD')).rejects.toThrow(UpstreamError);
    expect(simulator.stats.restRequests.length - before).toBe(1);
    expect(rest.lastError).toMatch(/NOPE-USD\/stats answered 404/);
  });

  it('opens its breaker after consecutive failed calls and fails fast while open', async () => {
    const rest = new CoinbaseRest({
      baseUrl: simulator.restUrl,
      maxAttempts: 1,
      breakerThreshold: 2,
      breakerCooldownMs: 60_000,
    });
    const states: string[] = [];
    rest.onBreakerChange((state) => states.push(state));
    simulator.faults.rest.respond5xx(10, 500, '/stats');
    await expect(rest.stats('SOL-USD')).rejects.toThrow(/answered 500/);
    await expect(rest.stats('SOL-USD')).rejects.toThrow(/answered 500/);
    expect(rest.breakerState).toBe('open');
    expect(states).toEqual(['open']);
    const before = simulator.stats.restRequests.length;
    await expect(rest.stats('SOL-USD')).rejects.toThrow();
    expect(simulator.stats.restRequests.length).toBe(before);
  });

  it('times out a slow attempt and retries it', async () => {
    const rest = new CoinbaseRest({ baseUrl: simulator.restUrl, timeoutMs: 200 });
    simulator.faults.rest.delay(1000, 1);
    expect((await rest.stats('ADA-USD')).volume24hBase).toBeGreaterThan(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', Date.UTC(2026, 10, 25, 10, 0, 0))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
