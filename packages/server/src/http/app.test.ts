import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineSnapshot, MoverRow } from '../engine/rows.js';
import type { HealthInputs } from '../health/health.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { Snapshot } from '../snapshots/snapshot.js';
import { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import { collectSse, type JsonBody, listen } from '../test-support/http.js';
import { type AppDeps, createApp } from './app.js';

const NOW = Date.UTC(2026, 10, 24, 18, 1, 5, 123);

function mover(rank: number, symbol: string, change: number): MoverRow {
  const base = symbol.split('-')[0] ?? symbol;
  return {
    rank,
    symbol,
    base,
    name: `${base} coin`,
    market_cap: null,
    current_price: 100 * (1 + change / 100),
    initial_price_3min: 100,
    price_change_percentage_3min: change,
    actual_interval_minutes: 3,
    volume_24h: 1_000_000,
    momentum: Math.abs(change) >= 5 ? 'strong' : Math.abs(change) >= 1 ? 'moderate' : 'weak',
    alert_level: Math.abs(change) >= 10 ? 'high' : 'normal',
    sparkline: [100, 100 * (1 + change / 100)],
    url: `https://www.coinbase.com/price/${base.toLowerCase()}`,
  };
}

function engineSnapshot(now: number): EngineSnapshot {
  const gainers = Array.from({ length: 30 }, (_, index) => mover(index + 1, `G${index}-USD`, 30 - index));
  const losers = Array.from({ length: 30 }, (_, index) => mover(index + 1, `L${index}-USD`, -30 + index));
  return {
    now,
    gainers,
    losers,
    topBanner: [
      {
        symbol: 'BTC-USD',
        base: 'BTC',
        name: 'Bitcoin',
        market_cap: 1.8e12,
        current_price: 90_000,
        initial_price_1h: 89_000,
        price_change_1h: 1.1236,
        volume_24h: 5e9,
        url: 'https://www.coinbase.com/price/btc',
      },
    ],
    bottomBanner: [
      {
        symbol: 'ETH-USD',
        base: 'ETH',
        name: 'Ethereum',
        market_cap: null,
        current_price: 3000,
        volume_1h: 2e6,
        volume_prev_1h: 1e6,
        volume_change_1h: 100,
        price_change_1h: 0.5,
        volume_24h: 9e8,
        url: 'https://www.coinbase.com/price/eth',
      },
    ],
    productsTracked: 62,
    historySeconds: 7260,
    warm: true,
    lastTradeAt: now - 100,
  };
}

function publish(store: MemorySnapshotStore, now: number, stale = false): Snapshot {
  const snapshot = Snapshot.fromEngine(engineSnapshot(now), {
    asOf: now,
    stale,
    source: 'simulated',
    updateInterval: 1000,
  });
  store.publish(snapshot);
  return snapshot;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start(overrides: Partial<AppDeps> = {}, config: Partial<AppDeps['config']> = {}) {
  const store = new MemorySnapshotStore();
  const metrics = new ServerMetrics();
  const healthInputs = (): Omit<HealthInputs, 'snapshot' | 'streamClients'> => ({
    version: '1.2.3',
    startedAt: NOW - 60_000,
    source: 'simulated',
    staleAfterMs: 30_000,
    cacheBackend: 'memory',
    market: {
      feed: { state: 'up', lastMessageAt: NOW - 400, reconnects: 0, gaps: 0 },
      rest: { breaker: 'closed', lastError: null },
      productsListed: 120,
    },
    role: 'standalone',
  });
  const built = createApp({
    config: { corsAllowedOrigins: '*', rateLimitPerMinute: 1000, trustProxy: false, ...config },
    snapshots: store,
    healthInputs,
    metrics,
    logger: pino({ level: 'silent' }),
    clock: () => NOW + 600,
    streamPingIntervalMs: 50,
    ...overrides,
  });
  const server = await listen(built.app);
  closers.push(async () => {
    built.close();
    await server.close();
  });
  return { ...server, store, built, metrics };
}

const api = (url: string, path: string, init?: RequestInit) => fetch(`${url}${path}`, init);

describe('component endpoints', () => {
  it('sends brotli or gzip by Accept-Encoding, compressed once, each with its own ETag', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const raw = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        request(`${url}/api/component/gainers-table`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        })
          .on('error', reject)
          .end();
      });
    const plain = await raw({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const br = await raw({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    const gz = await raw({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const etags = [plain, br, gz].map((response) => response.headers.etag);
    expect(new Set(etags).size).toBe(3);
    expect(br.headers.etag).toBe(`${plain.headers.etag?.slice(0, -1)}-br"`);
    // The same compressed bytes again (memoized), and a 304 for the representation the client holds.
    expect((await raw({ 'accept-encoding': 'br' })).body.equals(br.body)).toBe(true);
    const revalidated = await raw({ 'accept-encoding': 'br', 'if-none-match': br.headers.etag ?? '' });
    expect(revalidated.status).toBe(304);
    expect(
      (await raw({ 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('answer 503 JSON before the first snapshot, then the envelope of API.md', async () => {
    const { url, store } = await start();
    const before = await api(url, '/api/component/gainers-table');
    expect(before.status).toBe(503);
    expect((await before.json()) as JsonBody).toEqual({
      error: { code: 'unavailable', message: expect.any(String) },
    });

    publish(store, NOW);
    const response = await api(url, '/api/component/gainers-table');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=1, s-maxage=1, stale-while-revalidate=30, stale-if-error=300',
    );
    const body = (await response.json()) as JsonBody;
    expect(body).toMatchObject({
      component: 'gainers_table',
      table_type: 'gainers',
      count: 15,
      time_frame: '3_minutes',
      last_updated: new Date(NOW).toISOString(),
      as_of: NOW,
      stale: false,
      source: 'simulated',
      update_interval: 1000,
    });
    expect(body.data).toHaveLength(15);
    expect(body.data[0]).toEqual(mover(1, 'G0-USD', 30));
  });

  it.each([
    ['losers-table', 'losers_table', 15, '3_minutes', { table_type: 'losers' }],
    ['top-banner-scroll', 'top_banner_scroll', 1, '1_hour', { focus: 'price_change' }],
    ['bottom-banner-scroll', 'bottom_banner_scroll', 1, '1_hour', { focus: 'volume_change' }],
  ])('%s carries its own envelope', async (path, component, count, timeFrame, extra) => {
    const { url, store } = await start();
    publish(store, NOW);
    const body = (await (await api(url, `/api/component/${path}`)).json()) as JsonBody;
    expect(body).toMatchObject({ component, count, time_frame: timeFrame, ...extra });
  });

  it('honours limit and keeps ranks', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const body = (await (await api(url, '/api/component/losers-table?limit=5')).json()) as JsonBody;
    expect(body.count).toBe(5);
    expect(body.data.map((row: MoverRow) => row.rank)).toEqual([1, 2, 3, 4, 5]);
    const all = (await (await api(url, '/api/component/losers-table?limit=100')).json()) as JsonBody;
    expect(all.count).toBe(30);
  });

  it('sends a strong ETag and 304 on If-None-Match; a new snapshot changes it', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const first = await api(url, '/api/component/gainers-table');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const cached = await api(url, '/api/component/gainers-table', {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    publish(store, NOW + 1000);
    const fresh = await api(url, '/api/component/gainers-table', {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('sets security headers and open CORS by default', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const response = await api(url, '/api/component/gainers-table', {
      headers: { origin: 'https://blog.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'ETag,Retry-After,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('gives API responses the API security headers and everything else the document ones', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const documentOnly = [
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    for (const path of [
      '/api/component/gainers-table',
      '/api/nothing-here',
      '/api/health',
      '/metrics',
      '/api',
    ]) {
      const response = await api(url, path);
      expect(response.headers.get('content-security-policy'), path).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      for (const name of documentOnly) expect(response.headers.get(name), `${path} ${name}`).toBeNull();
    }
    // Paths that are not the API are pages (or may be): helmet's full set with the dashboard's CSP.
    for (const path of ['/', '/apiary', '/metrics-old']) {
      const response = await api(url, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      for (const name of documentOnly) expect(response.headers.get(name), `${path} ${name}`).not.toBeNull();
    }
  });

  it('gives CORS headers only to listed origins', async () => {
    const { url, store } = await start({}, { corsAllowedOrigins: ['https://good.example'] });
    publish(store, NOW);
    const good = await api(url, '/api/component/gainers-table', {
      headers: { origin: 'https://good.example' },
    });
    expect(good.headers.get('access-control-allow-origin')).toBe('https://good.example');
    expect(good.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(good.headers.get('vary')).toBe('Origin, Accept-Encoding');
    const goodPreflight = await api(url, '/api/component/gainers-table', {
      method: 'OPTIONS',
      headers: { origin: 'https://good.example', 'access-control-request-method': 'GET' },
    });
    expect(goodPreflight.status).toBe(204);
    expect(goodPreflight.headers.get('access-control-allow-origin')).toBe('https://good.example');
    expect(goodPreflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    const bad = await api(url, '/api/component/gainers-table', {
      headers: { origin: 'https://evil.example' },
    });
    expect(bad.status).toBe(200);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect(bad.headers.get('access-control-expose-headers')).toBeNull();
    const preflight = await api(url, '/api/component/gainers-table', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect([...preflight.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    ['/api/component/gainers-table?limit=0', 400, 'limit must be an integer from 1 to 100'],
    ['/api/component/gainers-table?limit=101', 400, 'limit must be an integer from 1 to 100'],
    ['/api/component/gainers-table?limit=abc', 400, 'limit must be an integer from 1 to 100'],
    ['/api/component/gainers-table?limit=1e3', 400, 'limit must be an integer from 1 to 100'],
    ['/api/component/gainers-table?limit=-1', 400, 'limit must be an integer from 1 to 100'],
    ['/api/component/gainers-table?limit=5&limit=6', 400, 'limit must be given once, as a plain value'],
    ['/api/component/gainers-table?limt=5', 400, 'unknown query parameter "limt"; allowed: limit'],
    ['/api/component/gainers-table?limit[a]=5', 400, 'unknown query parameter "limit[a]"; allowed: limit'],
    ['/api/component/gainers-table?x=LONG', 400, undefined],
    ['/api/stream?topics=nope', 400, undefined],
    ['/api/health?verbose=1', 400, undefined],
    ['/api/nothing-here', 404, 'No endpoint at /api/nothing-here'],
    ['/../../etc/passwd', 404, undefined],
  ])('GET %s answers %i with a JSON error', async (rawPath, status, message) => {
    const path = rawPath.replace('LONG', 'a'.repeat(6000));
    const { url, store } = await start();
    publish(store, NOW);
    const response = await api(url, path);
    expect(response.status).toBe(status);
    const body = (await response.json()) as JsonBody;
    expect(body.error.code).toMatch(/^(bad_request|not_found)$/);
    if (message) expect(body.error.message).toBe(message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+|node_modules|\/work\//);
    // The server keeps serving.
    expect((await api(url, '/api/component/gainers-table')).status).toBe(200);
  });

  it('answers a query string longer than the header limit with a JSON 431', async () => {
    const { url } = await start();
    const response = await api(url, `/api/component/gainers-table?limit=${'9'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(((await response.json()) as JsonBody).error.code).toBe('bad_request');
    expect((await api(url, '/api/health/live')).status).toBe(200);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
    '%s on a known path is a JSON 405 with Allow',
    async (method) => {
      const { url, store } = await start();
      publish(store, NOW);
      const response = await api(url, '/api/component/gainers-table', {
        method,
        body: method === 'DELETE' ? null : '{}',
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toContain('GET');
      expect(((await response.json()) as JsonBody).error.code).toBe('method_not_allowed');
    },
  );
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and RateLimit headers past the limit, exempting health', async () => {
    const { url, store, metrics } = await start({}, { rateLimitPerMinute: 3 });
    publish(store, NOW);
    for (let index = 0; index < 3; index += 1) {
      const ok = await api(url, '/api/component/gainers-table');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBe('3');
    }
    const limited = await api(url, '/api/component/gainers-table');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as JsonBody).error.code).toBe('rate_limited');
    expect((await api(url, '/api/health')).status).toBe(200);
    expect((await api(url, '/metrics')).status).toBe(200);
    expect((await metrics.registry.getSingleMetricAsString('cbm_rate_limited_total')).trim()).toMatch(/ 1$/);
  });
});

describe('stream', () => {
  it('sends retry first, the current snapshot of each topic at once, then new snapshots and pings', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const eventsPromise = collectSse(`${url}/api/stream?topics=gainers-table,health`, (events) => {
      if (events.filter((event) => event.event === 'gainers-table').length === 1) publish(store, NOW + 1000);
      return (
        events.some((event) => event.id === String(NOW + 1000)) &&
        events.some((event) => event.comment === 'ping')
      );
    });
    const events = await eventsPromise;
    expect(events[0]?.retry).toBe(3000);
    const first = events.filter((event) => event.event !== undefined).slice(0, 2);
    expect(first.map((event) => event.event).sort()).toEqual(['gainers-table', 'health']);
    const gainers = events.filter((event) => event.event === 'gainers-table');
    expect(gainers.map((event) => event.id)).toEqual([String(NOW), String(NOW + 1000)]);
    expect(gainers[1]?.data).toBe(await (await api(url, '/api/component/gainers-table')).text());
    expect(events.some((event) => event.event === 'losers-table')).toBe(false);
  });

  it('carries `limit` rows per table topic, the same bytes as the endpoint with that limit', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const collect = (query: string) =>
      collectSse(`${url}/api/stream?${query}`, (events) =>
        ['gainers-table', 'losers-table'].every((topic) => events.some((event) => event.event === topic)),
      );
    const [wide, plain] = await Promise.all([
      collect('topics=gainers-table,losers-table&limit=25'),
      collect('topics=gainers-table,losers-table'),
    ]);
    for (const topic of ['gainers-table', 'losers-table']) {
      const event = wide.find((candidate) => candidate.event === topic);
      expect((JSON.parse(event?.data ?? '{}') as JsonBody).count).toBe(25);
      expect(event?.data).toBe(await (await api(url, `/api/component/${topic}?limit=25`)).text());
      const defaults = plain.find((candidate) => candidate.event === topic);
      expect((JSON.parse(defaults?.data ?? '{}') as JsonBody).count).toBe(15);
    }
  });

  it.each(['limit=0', 'limit=101', 'limit=abc', 'limit=5&limit=6'])(
    'is rejected with 400 for %s',
    async (query) => {
      const { url } = await start();
      const response = await api(url, `/api/stream?topics=gainers-table&${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as JsonBody).error.code).toBe('bad_request');
    },
  );

  it('is rejected with 400 for an unknown topic', async () => {
    const { url } = await start();
    const response = await api(url, '/api/stream?topics=gainers-table,prices');
    expect(response.status).toBe(400);
    expect(((await response.json()) as JsonBody).error.message).toMatch(/unknown topic "prices"/);
  });
});

describe('health and metrics', () => {
  it('live is always ok; ready is 503 until a snapshot exists and during shutdown', async () => {
    const { url, store, built } = await start();
    expect((await (await api(url, '/api/health/live')).json()) as JsonBody).toEqual({ status: 'ok' });
    expect((await api(url, '/api/health/ready')).status).toBe(503);
    const unhealthy = await api(url, '/api/health');
    expect(unhealthy.status).toBe(503);
    expect(((await unhealthy.json()) as JsonBody).status).toBe('unhealthy');
    publish(store, NOW);
    expect((await api(url, '/api/health/ready')).status).toBe(200);
    built.beginShutdown();
    expect((await api(url, '/api/health/ready')).status).toBe(503);
  });

  it('builds the health document from held state', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    const body = (await (await api(url, '/api/health')).json()) as JsonBody;
    expect(body).toMatchObject({
      status: 'healthy',
      version: '1.2.3',
      uptime_seconds: 60.6,
      source: 'simulated',
      upstreams: {
        coinbase_ws: { state: 'up', last_message_age_seconds: 1 },
        coinbase_rest: { state: 'up', breaker: 'closed', last_error: null },
      },
      cache: { backend: 'memory', snapshot_age_seconds: 0.6, stale: false },
      data: { products_tracked: 62, history_seconds: 7260, warm: true },
      stream: { clients: 0 },
      cluster: { role: 'standalone' },
    });
    publish(store, NOW + 1, true);
    expect(((await (await api(url, '/api/health')).json()) as JsonBody).status).toBe('degraded');
  });

  it('exports the documented metrics in Prometheus text format', async () => {
    const { url, store } = await start();
    publish(store, NOW);
    await api(url, '/api/component/gainers-table');
    const response = await api(url, '/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'cbm_http_request_duration_seconds_bucket',
      'cbm_snapshot_age_seconds',
      'cbm_products_tracked',
      'cbm_upstream_messages_total',
      'cbm_upstream_errors_total',
      'cbm_upstream_reconnects_total',
      'cbm_sse_clients',
      'cbm_process_resident_memory_bytes',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(
      /cbm_http_request_duration_seconds_count\{route="\/api\/component\/gainers-table",method="GET",status="200"\} 1/,
    );
  });
});
