import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 24, 18, 0, 30);
const iso = (time: number): string => new Date(time).toISOString();

async function getJson(simulator: Simulator, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${simulator.restUrl}${path}`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: await response.json() };
}

type Row = [number, number, number, number, number, number];

describe('simulator REST', () => {
  let simulator: Simulator;
  // A frozen clock: no live trades, so every answer is reproducible.
  beforeAll(async () => {
    simulator = await startSimulator({ clock: () => NOW });
  });
  afterAll(() => simulator.close());

  it('lists products in Coinbase shape, with stablecoins and offline products', async () => {
    const { status, body } = await getJson(simulator, '/products');
    expect(status).toBe(200);
    const products = body as Array<Record<string, unknown>>;
    expect(products.length).toBe(simulator.products().length);
    expect(products.filter((product) => product.quote_currency === 'USD').length).toBeGreaterThanOrEqual(110);
    expect(products.find((product) => product.id === 'SOL-USD')).toMatchObject({
      base_currency: 'SOL',
      quote_currency: 'USD',
      display_name: 'SOL-USD',
      status: 'online',
      trading_disabled: false,
      fx_stablecoin: false,
      quote_increment: '0.01',
      min_market_funds: '1',
      cancel_only: false,
      limit_only: false,
      post_only: false,
      auction_mode: false,
    });
    for (const product of products) expect(typeof product.base_increment).toBe('string');
    const stable = products.filter((product) =>
      ['USDT-USD', 'DAI-USD', 'EURC-USD'].includes(String(product.id)),
    );
    expect(stable.map((product) => product.fx_stablecoin)).toContain(true);
    expect(stable.map((product) => product.fx_stablecoin)).toContain(false);
    expect(products.some((product) => product.status === 'delisted')).toBe(true);
    expect(products.some((product) => product.trading_disabled === true)).toBe(true);
  });

  it('answers one product, names through /currencies, and 404s unknown ones', async () => {
    expect((await getJson(simulator, '/products/BTC-USD')).body).toMatchObject({ id: 'BTC-USD' });
    const currencies = (await getJson(simulator, '/currencies')).body as Array<{ id: string; name: string }>;
    expect(currencies.find((currency) => currency.id === 'SOL')?.name).toBe('Solana');
    expect((await getJson(simulator, '/currencies/SHIB')).body).toMatchObject({ name: 'Shiba Inu' });
    for (const path of ['/products/NOPE-USD', '/products/NOPE-USD/candles', '/nothing']) {
      expect(await getJson(simulator, path)).toEqual({ status: 404, body: { message: 'NotFound' } });
    }
  });

  it('serves minute candles as numbers, newest first, covering the generated two hours', async () => {
    const path = `/products/BTC-USD/candles?granularity=60&start=${iso(NOW - 130 * MINUTE)}&end=${iso(NOW)}`;
    const { status, body } = await getJson(simulator, path);
    expect(status).toBe(200);
    const rows = body as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(130);
    expect(rows.length).toBeLessThanOrEqual(131);
    for (const row of rows) {
      expect(row).toHaveLength(6);
      for (const value of row) expect(typeof value).toBe('number');
      const [time, low, high, open, close, volume] = row;
      expect(time % 60).toBe(0);
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
      expect(volume).toBeGreaterThan(0);
    }
    const times = rows.map((row) => row[0]);
    expect(times).toEqual([...times].sort((left, right) => right - left));
    // The current minute is the candle in progress.
    expect(times[0]).toBe(Math.floor(NOW / MINUTE) * 60);
  });

  it('leaves minutes without trades out and tiny prices intact', async () => {
    const range = `start=${iso(NOW - 120 * MINUTE)}&end=${iso(NOW)}`;
    const thin = (await getJson(simulator, `/products/MDT-USD/candles?granularity=60&${range}`))
      .body as Row[];
    expect(thin.length).toBeGreaterThan(10);
    expect(thin.length).toBeLessThan(115);
    const shib = (await getJson(simulator, `/products/SHIB-USD/candles?granularity=60&${range}`))
      .body as Row[];
    expect(shib[0]![4]).toBeGreaterThan(0.000001);
    expect(shib[0]![4]).toBeLessThan(0.0001);
  });

  it('limits candles to 300, aggregates coarser granularities and rejects bad requests', async () => {
    const latest = (await getJson(simulator, '/products/ETH-USD/candles?granularity=60')).body as Row[];
    expect(latest.length).toBeGreaterThanOrEqual(130);
    expect(latest.length).toBeLessThanOrEqual(300);
    const hourly = (await getJson(simulator, '/products/ETH-USD/candles?granularity=3600')).body as Row[];
    expect(hourly.length).toBeGreaterThanOrEqual(3);
    expect(hourly.length).toBeLessThanOrEqual(4);
    const minuteVolume = latest.reduce((sum, row) => sum + row[5], 0);
    expect(hourly.reduce((sum, row) => sum + row[5], 0)).toBeCloseTo(minuteVolume, 4);

    const tooLong = await getJson(
      simulator,
      `/products/ETH-USD/candles?granularity=60&start=${iso(NOW - 301 * MINUTE)}&end=${iso(NOW)}`,
    );
    expect(tooLong.status).toBe(400);
    expect((tooLong.body as { message: string }).message).toMatch(/exceeds 300/);
    const badGranularity = await getJson(simulator, '/products/ETH-USD/candles?granularity=120');
    expect(badGranularity.status).toBe(400);
    expect(badGranularity.body).toHaveProperty('message');
    expect((await getJson(simulator, '/products/ETH-USD/candles?start=soon&end=later')).status).toBe(400);
  });

  it('serves stats and ticker with numbers as strings', async () => {
    const stats = (await getJson(simulator, '/products/SOL-USD/stats')).body as Record<string, unknown>;
    expect(Object.keys(stats).sort()).toEqual(['high', 'last', 'low', 'open', 'volume', 'volume_30day']);
    for (const value of Object.values(stats)) expect(value).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(stats.high)).toBeGreaterThanOrEqual(Number(stats.low));
    const ticker = (await getJson(simulator, '/products/SOL-USD/ticker')).body as Record<string, unknown>;
    expect(ticker).toMatchObject({
      trade_id: expect.any(Number),
      price: expect.stringMatching(/^\d+\.\d+$/),
      size: expect.stringMatching(/^\d+\.\d+$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      volume: stats.volume,
    });
    expect(Number(ticker.ask)).toBeGreaterThan(Number(ticker.bid));
    expect(ticker.price).toBe(stats.last);
  });

  it('logs every request with its status', () => {
    const paths = simulator.stats.restRequests.map((request) => `${request.status} ${request.path}`);
    expect(paths).toContain('200 /products');
    expect(paths).toContain('404 /products/NOPE-USD');
    expect(paths).toContain('400 /products/ETH-USD/candles');
    expect(simulator.stats.restRequests.every((request) => request.time === NOW)).toBe(true);
  });
});

describe('simulator determinism', () => {
  it('gives the same catalog, history and ticker for the same seed and clock, and another market for another seed', async () => {
    const clock = (): number => NOW;
    const [first, second, other] = await Promise.all([
      startSimulator({ clock, seed: 5 }),
      startSimulator({ clock, seed: 5 }),
      startSimulator({ clock, seed: 6 }),
    ]);
    try {
      const read = (simulator: Simulator): Promise<unknown[]> =>
        Promise.all(
          [
            '/products',
            '/products/ETH-USD/candles?granularity=60',
            '/products/DOGE-USD/ticker',
            '/currencies',
          ].map(async (path) => (await fetch(`${simulator.restUrl}${path}`)).json()),
        );
      const [firstAnswers, secondAnswers, otherAnswers] = await Promise.all([
        read(first),
        read(second),
        read(other),
      ]);
      expect(secondAnswers).toEqual(firstAnswers);
      expect(otherAnswers[0]).toEqual(firstAnswers[0]);
      expect(otherAnswers[1]).not.toEqual(firstAnswers[1]);
    } finally {
      await Promise.all([first.close(), second.close(), other.close()]);
    }
  });
});
