import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BottomBannerRow, MoverRow, TopBannerRow } from './engine/rows.js';
import type { RunningServer } from './server.js';
import type { Snapshot } from './snapshots/snapshot.js';
import { collectSse, type JsonBody } from './test-support/http.js';
import { nextSnapshot as nextSnapshotOf, startTestServer } from './test-support/server.js';

/**
 * The whole server against the embedded simulated exchange on loopback: real sockets, real feed, real REST.
 * Fault knobs of the simulator drive the failure cases.
 */
let running: RunningServer;

const nextSnapshot = (predicate: (snapshot: Snapshot) => boolean, timeoutMs?: number) =>
  nextSnapshotOf(running, predicate, timeoutMs);

const marketStatus = () => {
  if (!running.market) throw new Error('a standalone server always has a market');
  return running.market.status();
};

const get = async (path: string) => {
  const response = await fetch(`${running.url}${path}`);
  return { status: response.status, body: (await response.json()) as JsonBody };
};

const STABLECOINS = ['USDT', 'USDC', 'DAI', 'PYUSD', 'EURC', 'GUSD', 'USDS', 'FDUSD', 'TUSD'];
const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;

beforeAll(async () => {
  running = await startTestServer(
    { SNAPSHOT_INTERVAL_MS: '200', STALE_AFTER: '1.5' },
    {
      simulator: { seed: 7 },
      market: {
        feedTimeouts: { silenceTimeoutMs: 4000, reconnectBaseMs: 100, reconnectMaxMs: 500 },
        candleRepairIntervalMs: 250,
      },
      streamPingIntervalMs: 200,
    },
  );
  await nextSnapshot(
    (snapshot) =>
      snapshot.size('gainers') > 0 &&
      snapshot.size('losers') > 0 &&
      snapshot.size('topBanner') > 20 &&
      snapshot.size('bottomBanner') > 20,
    20_000,
  );
}, 30_000);

afterAll(async () => {
  await running?.close();
});

describe('server on the simulated market', () => {
  it('serves gainers and losers with the contract shape, order and filters', async () => {
    const gainers = await get('/api/component/gainers-table?limit=100');
    const losers = await get('/api/component/losers-table?limit=100');
    expect(gainers.status).toBe(200);
    expect(gainers.body).toMatchObject({
      component: 'gainers_table',
      table_type: 'gainers',
      source: 'simulated',
      stale: false,
    });
    for (const [table, sign] of [
      [gainers.body.data as MoverRow[], 1],
      [losers.body.data as MoverRow[], -1],
    ] as const) {
      expect(table.length).toBeGreaterThan(0);
      table.forEach((row, index) => {
        expect(row.rank).toBe(index + 1);
        expect(row.symbol).toBe(`${row.base}-USD`);
        expect(STABLECOINS).not.toContain(row.base);
        expect(Math.sign(row.price_change_percentage_3min)).toBe(sign);
        expect(decimals(row.price_change_percentage_3min)).toBeLessThanOrEqual(4);
        expect(row.actual_interval_minutes).toBeGreaterThan(0);
        expect(row.actual_interval_minutes).toBeLessThanOrEqual(3.05);
        expect(row.current_price).toBeGreaterThan(0);
        expect(row.initial_price_3min).toBeGreaterThan(0);
        expect(row.sparkline.length).toBeGreaterThan(0);
        expect(row.sparkline.length).toBeLessThanOrEqual(36);
        expect(row.sparkline.at(-1)).toBe(row.current_price);
        expect(['strong', 'moderate', 'weak']).toContain(row.momentum);
        const change = (row.current_price / row.initial_price_3min - 1) * 100;
        expect(row.price_change_percentage_3min).toBeCloseTo(change, 3);
        const previous = table[index - 1];
        if (previous) {
          // Sorted on exact values, sent rounded to 4 decimals: rows that round alike may be in either
          // volume order (the exact tie-break is covered by the engine's ordering tests).
          expect(sign * previous.price_change_percentage_3min).toBeGreaterThanOrEqual(
            sign * row.price_change_percentage_3min,
          );
        }
      });
    }
  });

  it('serves both banners ordered by absolute change, volume rows only with a previous hour', async () => {
    const top = (await get('/api/component/top-banner-scroll?limit=100')).body;
    const bottom = (await get('/api/component/bottom-banner-scroll?limit=100')).body;
    expect(top).toMatchObject({
      component: 'top_banner_scroll',
      focus: 'price_change',
      time_frame: '1_hour',
    });
    expect(bottom).toMatchObject({
      component: 'bottom_banner_scroll',
      focus: 'volume_change',
      time_frame: '1_hour',
    });
    const prices = top.data as TopBannerRow[];
    const volumes = bottom.data as BottomBannerRow[];
    prices.forEach((row, index) => {
      expect(STABLECOINS).not.toContain(row.base);
      expect(row.price_change_1h).toBeCloseTo((row.current_price / row.initial_price_1h - 1) * 100, 3);
      if (index > 0)
        expect(Math.abs(prices[index - 1]?.price_change_1h ?? 0)).toBeGreaterThanOrEqual(
          Math.abs(row.price_change_1h),
        );
    });
    volumes.forEach((row, index) => {
      expect(row.volume_prev_1h).toBeGreaterThan(0);
      expect(row.volume_change_1h).toBeCloseTo((row.volume_1h / row.volume_prev_1h - 1) * 100, 3);
      if (index > 0)
        expect(Math.abs(volumes[index - 1]?.volume_change_1h ?? 0)).toBeGreaterThanOrEqual(
          Math.abs(row.volume_change_1h),
        );
    });
    expect(new Set(volumes.map((row) => row.volume_change_1h)).size).toBeGreaterThan(5);
  });

  it('streams the current snapshot at once and every new one after', async () => {
    const events = await collectSse(
      `${running.url}/api/stream?topics=losers-table,health`,
      (received) => received.filter((event) => event.event === 'losers-table').length >= 3,
    );
    expect(events[0]?.retry).toBe(3000);
    const ids = events.filter((event) => event.event === 'losers-table').map((event) => Number(event.id));
    expect(ids[1]).toBeGreaterThan(ids[0] ?? 0);
    const health = JSON.parse(events.find((event) => event.event === 'health')?.data ?? '{}');
    expect(health.upstreams.coinbase_ws.state).toBe('up');
  });

  it('reconnects after the WebSocket is dropped and keeps computing from new trades', async () => {
    const reconnectsBefore = marketStatus().feed.reconnects;
    const droppedAt = Date.now();
    running.simulator?.faults.dropWebSocket();
    await nextSnapshot(
      () =>
        marketStatus().feed.reconnects > reconnectsBefore &&
        marketStatus().feed.state === 'up' &&
        (running.engine.snapshot(Date.now()).lastTradeAt ?? 0) > droppedAt + 200,
    );
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/cbm_upstream_reconnects_total\{upstream="coinbase_ws"\} [1-9]/);
    expect((await get('/api/component/gainers-table')).body.stale).toBe(false);
  });

  it('counts a trade-id gap in the feed', async () => {
    const before = marketStatus().feed.gaps;
    running.simulator?.faults.skipTrades('BTC-USD', 3);
    await nextSnapshot(() => marketStatus().feed.gaps > before);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/cbm_upstream_sequence_gaps_total [1-9]/);
  });

  it('marks snapshots stale while the upstream is silent, keeps serving, and recovers by itself', async () => {
    running.simulator?.faults.stallWebSocket(true);
    try {
      const stale = await nextSnapshot((snapshot) => snapshot.meta.stale);
      expect(stale.size('gainers') + stale.size('losers')).toBeGreaterThan(0);
      const served = await get('/api/component/gainers-table');
      expect(served.status).toBe(200);
      expect(served.body.stale).toBe(true);
      const health = await get('/api/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.cache.stale).toBe(true);
    } finally {
      running.simulator?.faults.stallWebSocket(false);
    }
    await nextSnapshot((snapshot) => !snapshot.meta.stale, 20_000);
    expect((await get('/api/component/gainers-table')).body.stale).toBe(false);
  });
});

describe('listeners', () => {
  it('serves /metrics on its own port by default, not on the API port, with the configured limits', async () => {
    const other = await startTestServer(
      { METRICS_PORT: '0', MAX_CONNECTIONS: '321', HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '3000' },
      { simulator: { seed: 5 } },
    );
    try {
      expect(other.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(other.metricsUrl).not.toBe(other.url);
      const metrics = await fetch(`${other.metricsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('cbm_sse_clients');
      expect((await fetch(`${other.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${other.metricsUrl}/metrics?x=1`)).status).toBe(400);
      expect((await fetch(`${other.metricsUrl}/api/health`)).status).toBe(404);
      expect(other.server).toMatchObject({ maxConnections: 321, headersTimeout: 2000, requestTimeout: 3000 });
    } finally {
      await other.close();
    }
    expect(running.metricsUrl).toBeUndefined();
  }, 30_000);
});
