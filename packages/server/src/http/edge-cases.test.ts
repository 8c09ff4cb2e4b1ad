import { request } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../metrics/metrics.js';
import { Snapshot } from '../snapshots/snapshot.js';
import { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import { standaloneHealthInputs } from '../test-support/health-inputs.js';
import { listen } from '../test-support/http.js';
import { type AppDeps, createApp } from './app.js';
import { foldPath, isMisspelt } from './paths.js';

/**
 * Issue 13, items 1, 4 and 9: the spellings of a path, Vary: Origin, and the places where the server and
 * docs/api.md disagreed. Requests go out over raw sockets or node:http with the path as written (fetch would
 * resolve `.` and `..` first).
 */
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

const NOW = Date.UTC(2026, 11, 5, 3, 0, 0);

async function startApp(
  config: Partial<AppDeps['config']> = {},
  {
    withSnapshot = true,
    logLines,
    metricsOnMainPort,
  }: { withSnapshot?: boolean; logLines?: string[]; metricsOnMainPort?: boolean } = {},
) {
  const store = new MemorySnapshotStore();
  if (withSnapshot) {
    const engine = { now: NOW, gainers: [], losers: [], topBanner: [], bottomBanner: [] };
    const extra = { productsTracked: 0, historySeconds: 0, warm: true, lastTradeAt: NOW };
    store.publish(
      Snapshot.fromEngine(
        { ...engine, ...extra },
        { asOf: NOW, stale: false, source: 'simulated', updateInterval: 1000 },
      ),
    );
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines?.push(chunk.toString());
      done();
    },
  });
  const built = createApp({
    config: { corsAllowedOrigins: '*', rateLimitPerMinute: 1000, trustProxy: false, ...config },
    snapshots: store,
    healthInputs: standaloneHealthInputs(),
    metrics: new ServerMetrics(),
    logger: pino({ level: 'info' }, sink),
    clock: () => NOW,
    ...(metricsOnMainPort === undefined ? {} : { metricsOnMainPort }),
  });
  const server = await listen(built.app);
  const close = async () => {
    built.close();
    await server.close();
  };
  return { url: server.url, port: Number(new URL(server.url).port), close };
}

/** `startApp`, closed after the test. */
async function start(...args: Parameters<typeof startApp>) {
  const app = await startApp(...args);
  closers.push(app.close);
  return app;
}

/** Writes `payload` on a fresh socket and reads until the server closes it (or 3 s pass). */
function raw(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('connect', () => socket.write(payload));
  });
}

const statusLines = (text: string) => text.match(/HTTP\/1\.1 \d{3}/g) ?? [];
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('Vary: Origin with a list of allowed origins', () => {
  const listed = 'https://good.example';
  it.each([
    ['a listed Origin', listed],
    ['no Origin', undefined],
    ['an unlisted Origin', 'https://evil.example'],
  ])('is on every response to a request with %s', async (_name, origin) => {
    const { url } = await start({ corsAllowedOrigins: [listed] });
    const headers: Record<string, string> = origin ? { origin } : {};
    for (const [path, vary] of [
      ['/api/component/gainers-table', 'Origin, Accept-Encoding'],
      ['/api/health/live', 'Origin'],
      ['/api/nothing', 'Origin'],
      ['/metrics', 'Origin'],
    ] as const) {
      const response = await fetch(`${url}${path}`, { headers });
      expect(response.headers.get('vary'), path).toBe(vary);
      expect(response.headers.get('access-control-allow-origin'), path).toBe(
        origin === listed ? listed : null,
      );
    }
  });

  it('is not sent with `*`, where no response depends on Origin', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/health/live`, { headers: { origin: 'https://a.example' } });
    expect(response.headers.get('vary')).toBeNull();
  });
});

describe('the contract where it was not kept', () => {
  it('answers an HTTP/1.1 request without Host with the JSON 400 and closes; HTTP/1.0 needs none', async () => {
    const { port } = await start();
    const missing = await raw(port, 'GET /api/health/live HTTP/1.1\r\n\r\n');
    expect(statusLines(missing)).toEqual(['HTTP/1.1 400']);
    expect(missing).toMatch(/\r\nconnection: close\r\n/i);
    expect(bodyOf(missing)).toEqual({ error: { code: 'bad_request', message: 'Missing Host header' } });
    const old = await raw(port, 'GET /api/health/live HTTP/1.0\r\n\r\n');
    expect(statusLines(old)).toEqual(['HTTP/1.1 200']);
  });

  it('refuses a query on /metrics like an unknown parameter anywhere else', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/metrics?x=1`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'unknown query parameter "x"' },
    });
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    // With metrics on a port of their own, the main port has no /metrics: a 404, query or not.
    const apart = await start({}, { metricsOnMainPort: false });
    expect((await fetch(`${apart.url}/metrics?x=1`)).status).toBe(404);
  });

  it.each([['*' as const], [['https://good.example']]])(
    'answers OPTIONS without Origin the same on every path (origins %j): 204, Allow, no CORS headers',
    async (origins) => {
      const { url } = await start({ corsAllowedOrigins: origins });
      for (const path of [
        '/api/stream',
        '/api/component/gainers-table',
        '/api/health',
        '/metrics',
        '/',
        '/x',
      ]) {
        const response = await fetch(`${url}${path}`, { method: 'OPTIONS' });
        expect(response.status, path).toBe(204);
        expect(response.headers.get('allow'), path).toBe('GET, HEAD, OPTIONS');
        expect(await response.text(), path).toBe('');
        const cors = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
        expect(cors, path).toEqual([]);
      }
    },
  );

  it('answers a malformed chunk after a 405 once: one response on the socket, then closed', async () => {
    const { port } = await start();
    for (const target of ['/api/health', '/api/component/gainers-table', '/metrics']) {
      const text = await raw(
        port,
        `POST ${target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n`,
      );
      expect(statusLines(text), target).toEqual(['HTTP/1.1 405']);
      expect(bodyOf(text)).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
    // Two requests on one connection, the second malformed: each gets its one answer.
    const pipelined = await raw(port, 'GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n');
    expect(statusLines(pipelined)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400']);
  });

  it.each([
    ['br;q=-1', undefined],
    ['br;q=-1, gzip', 'gzip'],
    ['gzip;q=2', undefined],
    ['gzip, identity;q=0', 'gzip'],
  ])('reads Accept-Encoding %j by RFC 9110: sends %s', async (header, encoding) => {
    const { url } = await start();
    const response = await fetch(`${url}/api/component/gainers-table`, {
      headers: { 'accept-encoding': header },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding') ?? undefined).toBe(encoding);
  });

  it.each(['identity;q=0', '*;q=0', 'br;q=0, gzip;q=0, identity;q=0', 'deflate, identity;q=0'])(
    'answers Accept-Encoding %j, which refuses every coding it has, with the JSON 406',
    async (header) => {
      const { url } = await start();
      const response = await fetch(`${url}/api/component/gainers-table`, {
        headers: { 'accept-encoding': header },
      });
      expect(response.status).toBe(406);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    },
  );

  it('logs the 503s of warm-up as warnings, not errors', async () => {
    const logLines: string[] = [];
    const { url } = await start({}, { withSnapshot: false, logLines });
    const response = await fetch(`${url}/api/component/gainers-table`);
    expect(response.status).toBe(503);
    await response.arrayBuffer();
    const line = logLines.map((text) => JSON.parse(text)).find((entry) => entry.status === 503);
    expect(line).toMatchObject({ level: 40, status: 503, url: '/api/component/gainers-table' });
    expect(logLines.map((text) => JSON.parse(text).level)).not.toContain(50);
  });
});

function getRaw(url: string, path: string, client: string) {
  return new Promise<{ status: number; remaining: string | undefined; body: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { 'x-forwarded-for': client } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          remaining: res.headers['ratelimit-remaining'] as string | undefined,
          body,
        }),
      );
    });
    // node:http keeps the path as written; only the request line's path is taken from it.
    req.path = path;
    req.on('error', reject).end();
  });
}

const SPELLINGS = [
  '/API/STREAM',
  '/Api/Stream',
  '/api/Stream',
  '/api/stream/',
  '//api/stream',
  '/api//stream',
  '/api%2Fstream',
  '/api%2fstream',
  '/api/%73tream',
  '/%61pi/stream',
  '/api/./stream',
  '/api/x/../stream',
  '/api/stream/.',
  '/api\\stream',
  '/API/component/gainers-table',
  '/api/component/Gainers-Table',
  '/api/component/gainers-table/',
  '/api/component//gainers-table',
  '/api/component/%67ainers-table',
  '/api/health/../component/gainers-table',
];

describe('every spelling of an API path', () => {
  // One request a minute per client; X-Forwarded-For names the client (one trusted proxy: the test).
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp({ rateLimitPerMinute: 1, trustProxy: 1 }, { withSnapshot: false });
  });
  afterAll(() => app.close());
  const get = (path: string, client: string) => getRaw(app.url, path, client);
  let client = 0;
  it.each(SPELLINGS)('%s is refused with the JSON 404, and counted like the path it spells', async (path) => {
    const ip = `10.13.1.${++client}`;
    const first = await get(path, ip);
    expect(first.status).toBe(404);
    expect(JSON.parse(first.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(first.remaining).toBe('0');
    // It used the client's one request of the minute, as the canonical path would have.
    expect((await get('/api/component/gainers-table', ip)).status).toBe(429);
  });

  it.each(SPELLINGS)('%s is limited (429) once the canonical path used the allowance', async (path) => {
    const ip = `10.13.2.${++client}`;
    expect((await get('/api/component/gainers-table', ip)).status).toBe(503);
    const spelt = await get(path, ip);
    expect(spelt.status).toBe(429);
    expect(JSON.parse(spelt.body)).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it.each(['/API/health', '/api/health/', '/Api/Health/Live', '/METRICS', '/metrics/'])(
    '%s (an exempt path) is refused, and not counted',
    async (path) => {
      const ip = `10.13.3.${++client}`;
      const response = await get(path, ip);
      expect(response.status).toBe(404);
      expect(response.remaining).toBeUndefined();
      expect((await get('/api/health/live', ip)).status).toBe(200);
    },
  );
});

describe('foldPath and isMisspelt', () => {
  it.each([
    ['/api/stream', '/api/stream', false],
    ['/', '/', false],
    ['/index.html', '/index.html', false],
    ['/assets/', '/assets', false],
    ['/Logo.PNG', '/logo.png', false],
    ['/.well-known/x', '/.well-known/x', false],
    ['/API/stream', '/api/stream', true],
    ['/api/x/../../stream', '/stream', true],
    ['/%zz', undefined, true],
    ['//etc/passwd', '/etc/passwd', true],
    ['/..%2fpackage.json', '/package.json', true],
    ['/index.html/../index.html', '/index.html', true],
  ])('%s folds to %s; misspelt: %s', (path, folded, misspelt) => {
    expect(foldPath(path)).toBe(folded);
    expect(isMisspelt(path)).toBe(misspelt);
  });
});
