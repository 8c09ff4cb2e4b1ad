import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { TopBannerRow } from '../../engine/rows.js';
import { ServerMetrics } from '../../metrics/metrics.js';
import { type RunningServer, startServer } from '../../server.js';
import type { JsonBody } from '../../test-support/http.js';
import { eventually, eventuallyAsync } from '../../test-support/wait.js';
import { CoinGeckoClient } from './coingecko-client.js';
import { CoinGeckoMarketData } from './coingecko-market-data.js';

/** CoinGecko is mocked with msw; nothing here reaches the network. The simulated exchange runs on loopback. */
const BASE = 'https://coingecko.test/api/v3';
const MARKETS = `${BASE}/coins/markets`;
const coin = (symbol: string, name: string, marketCap: number | null, change1h: number | null) => ({
  id: name.toLowerCase(),
  symbol: symbol.toLowerCase(),
  name,
  current_price: 1,
  market_cap: marketCap,
  price_change_percentage_1h_in_currency: change1h,
});
const requests: Request[] = [];
const mock = setupServer();
const silent = pino({ level: 'silent' });

beforeAll(() => {
  mock.listen({ onUnhandledRequest: 'bypass' });
  mock.events.on('request:start', ({ request }) => {
    if (request.url.startsWith(BASE)) requests.push(request.clone());
  });
});
afterEach(() => {
  mock.resetHandlers();
  requests.length = 0;
});
afterAll(() => mock.close());

describe('CoinGeckoClient', () => {
  it('asks for one page by market cap with the 1-hour change, sending the demo key as a header', async () => {
    mock.use(
      http.get(MARKETS, () =>
        HttpResponse.json([
          coin('SOL', 'Solana', 7e10, 0.5),
          { id: 'broken' },
          coin('XYZ', 'Xyz', null, null),
          coin('ZRO', 'Zero cap', 0, 0.1),
        ]),
      ),
    );
    const client = new CoinGeckoClient({ baseUrl: BASE, apiKey: 'demo-key' });
    const coins = await client.markets('USD', 2);
    expect(coins).toEqual([
      { id: 'solana', symbol: 'SOL', name: 'Solana', marketCap: 7e10, priceChange1h: 0.5 },
      { id: 'xyz', symbol: 'XYZ', name: 'Xyz', marketCap: null, priceChange1h: null },
      { id: 'zero cap', symbol: 'ZRO', name: 'Zero cap', marketCap: null, priceChange1h: 0.1 },
    ]);
    const url = new URL(requests[0]?.url ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      vs_currency: 'usd',
      order: 'market_cap_desc',
      per_page: '250',
      page: '2',
      price_change_percentage: '1h',
    });
    expect(requests[0]?.headers.get('x-cg-demo-api-key')).toBe('demo-key');
  });

  it('honours Retry-After on 429, then opens its breaker after consecutive failures and fails fast', async () => {
    let calls = 0;
    mock.use(
      http.get(MARKETS, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '0.2' } })
          : HttpResponse.json([coin('BTC', 'Bitcoin', 1e12, 0.1)]);
      }),
    );
    const client = new CoinGeckoClient({ baseUrl: BASE, breakerThreshold: 2, maxAttempts: 2 });
    expect(await client.markets('usd', 1)).toHaveLength(1);
    expect(calls).toBe(2);

    mock.use(http.get(MARKETS, () => new HttpResponse('nope', { status: 500 })));
    const failing = new CoinGeckoClient({ baseUrl: BASE, breakerThreshold: 2, maxAttempts: 1 });
    await expect(failing.markets('usd', 1)).rejects.toThrow(/answered 500/);
    await expect(failing.markets('usd', 1)).rejects.toThrow(/answered 500/);
    expect(failing.breakerState).toBe('open');
    const before = requests.length;
    await expect(failing.markets('usd', 1)).rejects.toThrow();
    expect(requests.length).toBe(before);
    expect(failing.lastError).toMatch(/coins\/markets\?.* answered 500/);
  });
});

describe('CoinGeckoMarketData', () => {
  it('caches names and market caps (largest cap wins a symbol), cross-checks, and keeps the cache on failure', async () => {
    mock.use(
      http.get(MARKETS, () =>
        HttpResponse.json([
          coin('BTC', 'Bitcoin', 1.2e12, 0.4),
          coin('ETH', 'Ethereum', 4e11, -0.2),
          coin('ETH', 'Ethereum Look-alike', 1e6, 30),
        ]),
      ),
    );
    const metrics = new ServerMetrics();
    const data = new CoinGeckoMarketData({
      client: new CoinGeckoClient({ baseUrl: BASE, maxAttempts: 1 }),
      vsCurrency: 'USD',
      logger: silent,
      metrics,
    });
    let refreshes = 0;
    data.onRefresh(() => {
      refreshes += 1;
    });
    expect(data.status().state).toBe('down');
    await data.refresh();
    expect(refreshes).toBe(1);
    expect(data.nameOf('eth')).toBe('Ethereum');
    expect(data.marketCapOf('BTC')).toBe(1.2e12);
    expect(data.status()).toMatchObject({ state: 'up', breaker: 'closed', coins: 2, lastError: null });
    const ours = new Map([
      ['BTC', 0.5],
      ['ETH', 4.1],
      ['DOGE', 1],
    ]);
    expect(data.crossCheck(ours)).toEqual([{ symbol: 'ETH', ours: 4.1, coingecko: -0.2 }]);
    expect(await metrics.registry.getSingleMetricAsString('cbm_coingecko_price_change_1h_compared')).toMatch(
      / 2$/,
    );

    mock.use(http.get(MARKETS, () => HttpResponse.error()));
    await data.refresh();
    expect(data.status().state).toBe('degraded');
    expect(refreshes).toBe(1);
    expect(data.status().lastError).toMatch(/coins\/markets/);
    expect(data.nameOf('BTC')).toBe('Bitcoin');
  });
});

describe('the server with CoinGecko', () => {
  let simulator: Simulator;
  let running: RunningServer;
  const health = async () => (await (await fetch(`${running.url}/api/health`)).json()) as JsonBody;
  const topBanner = async () =>
    (((await (await fetch(`${running.url}/api/component/top-banner-scroll?limit=100`)).json()) as JsonBody)
      .data ?? []) as TopBannerRow[];

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 9, tradeRateMultiplier: 0.3 });
    // Coinbase gives no currency names: CoinGecko's fill them in.
    simulator.faults.rest.respond5xx(1000, 503, '/currencies');
    running = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MARKET_SOURCE: 'coinbase',
        COINBASE_REST_URL: simulator.restUrl,
        COINBASE_WS_URL: simulator.wsUrl,
        COINBASE_REST_RATE: '500',
        COINGECKO_URL: BASE,
        RATE_LIMIT_PER_MINUTE: '100000',
        SNAPSHOT_INTERVAL_MS: '200',
        SERVE_DASHBOARD: 'false',
        METRICS_PORT: 'main',
      }),
      { logger: silent, coingeckoRefreshIntervalMs: 300 },
    );
  }, 20_000);
  afterAll(async () => {
    await running?.close();
    await simulator?.close();
  });

  it('fills names, shows CoinGecko in health and metrics, and keeps the tables when CoinGecko fails', async () => {
    mock.use(
      http.get(MARKETS, () =>
        HttpResponse.json([coin('BTC', 'Bitcoin', 1.2e12, 80), coin('ETH', 'Ethereum', 4e11, null)]),
      ),
    );
    // Every row of the banner, not only the first 100 that HTTP serves.
    const rowOf = (base: string) =>
      running.store
        .current()
        ?.toData()
        .rows.topBanner.map((row) => JSON.parse(row) as TopBannerRow)
        .find((row) => row.base === base);
    const nameOf = (base: string) => rowOf(base)?.name;
    await eventually(() => nameOf('BTC') === 'Bitcoin', 'BTC named from CoinGecko', 15_000);
    expect(nameOf('SOL')).toBe('SOL');
    // Market caps come from CoinGecko too; an asset it does not know has none (null, never an estimate).
    await eventually(() => rowOf('BTC')?.market_cap === 1.2e12, 'BTC market cap from CoinGecko', 15_000);
    expect(rowOf('ETH')?.market_cap).toBe(4e11);
    expect(rowOf('SOL')?.market_cap).toBeNull();
    expect((await health()).upstreams.coingecko).toMatchObject({ state: 'up', breaker: 'closed', coins: 2 });
    // BTC's hour on the simulated market is nowhere near +80 %: the cross-check reports it.
    await eventuallyAsync(
      async () =>
        /cbm_coingecko_price_change_1h_disagreements 1\n/.test(
          await (await fetch(`${running.url}/metrics`)).text(),
        ),
      'the disagreement in metrics',
      10_000,
    );

    mock.use(http.get(MARKETS, () => new HttpResponse(null, { status: 500 })));
    await eventually(() => running.coingecko?.status().state === 'degraded', 'a failed refresh', 10_000);
    expect((await health()).upstreams.coingecko.last_error).toMatch(/answered 500/);
    expect(nameOf('BTC')).toBe('Bitcoin');
    expect(rowOf('BTC')?.market_cap).toBe(1.2e12); // the cached figure survives the failure
    expect((await topBanner()).length).toBeGreaterThan(20);
  }, 40_000);
});
