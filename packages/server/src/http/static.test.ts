import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../metrics/metrics.js';
import { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import { standaloneHealthInputs } from '../test-support/health-inputs.js';
import { listen } from '../test-support/http.js';
import { createApp } from './app.js';
import { chooseEncoding } from './encoding.js';
import { CACHE_IMMUTABLE, CACHE_PAGE, CACHE_SHORT, cacheControlFor } from './static.js';

const PAGE = `<!doctype html><html><head><script type="module" src="./assets/app.0123abcd.js"></script></head></html>`;
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;

let dir: string;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cbm-static-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.git'));
  const write = (file: string, content: string, compress: boolean) => {
    writeFileSync(join(dir, file), content);
    if (!compress) return;
    writeFileSync(join(dir, `${file}.br`), brotliCompressSync(content));
    writeFileSync(join(dir, `${file}.gz`), gzipSync(content));
  };
  write('index.html', PAGE, true);
  write('assets/app.0123abcd.js', SCRIPT, true);
  write('cbm-widgets.js', SCRIPT, true);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  write('.env', 'SECRET=1', true);
  write('.git/config', '[core]', false);
  const built = createApp({
    config: { corsAllowedOrigins: ['https://site.example'], rateLimitPerMinute: 1000, trustProxy: false },
    snapshots: new MemorySnapshotStore(),
    healthInputs: standaloneHealthInputs(),
    metrics: new ServerMetrics(),
    logger: pino({ level: 'silent' }),
    staticDir: dir,
  });
  const server = await listen(built.app);
  url = server.url;
  close = async () => {
    built.close();
    await server.close();
  };
});

afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (fetch would negotiate and decode by itself). */
function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it('sends the brotli copy to a browser, with the type, length, ETag and Vary of that copy', async () => {
    const response = await get('/assets/app.0123abcd.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(response.body).toString()).toBe(SCRIPT);
    expect(response.headers.etag).toBeTruthy();
    const identity = await get('/assets/app.0123abcd.js');
    expect(identity.headers.etag).not.toBe(response.headers.etag);
  });

  it('falls back to gzip, then to the file itself', async () => {
    const gzip = await get('/cbm-widgets.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    const plain = await get('/cbm-widgets.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
  });

  it('answers a conditional request for the compressed copy with 304', async () => {
    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('caches hashed names for a year, revalidates pages, keeps the rest for 5 minutes', async () => {
    expect((await get('/assets/app.0123abcd.js')).headers['cache-control']).toBe(CACHE_IMMUTABLE);
    const page = await get('/', { 'accept-encoding': 'br' });
    expect(page.headers['cache-control']).toBe(CACHE_PAGE);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(page.body).toString()).toBe(PAGE);
    expect((await get('/cbm-widgets.js')).headers['cache-control']).toBe(CACHE_SHORT);
    expect((await get('/favicon.svg')).headers['cache-control']).toBe(CACHE_SHORT);
  });

  it('keeps the CORS Vary: Origin next to Accept-Encoding', async () => {
    const response = await get('/cbm-widgets.js', {
      origin: 'https://site.example',
      'accept-encoding': 'br',
    });
    expect(response.headers['access-control-allow-origin']).toBe('https://site.example');
    expect(response.headers.vary).toMatch(/origin/i);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
  });

  it.each([
    '/.env',
    '/.git/config',
    '/../package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/..%2f..%2fpackage.json',
    '/%c0%ae%c0%ae/etc/passwd',
    '/index.html%00.json',
    '/missing.js',
  ])('refuses %s with the JSON 404 and no Content-Encoding', async (path) => {
    const response = await get(path, { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers the JSON 406 when the copies and the file itself are all refused', async () => {
    const response = await get('/index.html', { 'accept-encoding': 'br;q=0, gzip;q=0, identity;q=0' });
    expect(response.status).toBe(406);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'bad_request' } });
    const accepted = await get('/index.html', { 'accept-encoding': 'gzip, identity;q=0' });
    expect(accepted.headers['content-encoding']).toBe('gzip');
  });

  it('leaves other methods to the JSON answers, without the copy’s headers', async () => {
    const response = await get('/index.html', { 'accept-encoding': 'br' }, 'POST');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('encoding choice', () => {
  const both = new Set(['br', 'gzip'] as const);
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.1, gzip;q=1', 'gzip'],
    ['br;q=0.5, gzip;q=0.5', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['*', 'br'],
    ['*;q=0', 'none'],
    ['*;q=0, identity', 'identity'],
    ['gzip;q=0, *', 'br'],
    ['identity', 'identity'],
    ['identity;q=0', 'none'],
    ['gzip, identity;q=0', 'gzip'],
    ['deflate', 'identity'],
    // Not a qvalue: the entry is ignored, never read as q=1.
    ['br;q=-1', 'identity'],
    ['br;q=-1, gzip;q=0.5', 'gzip'],
    ['br;q=2, gzip;q=0.001', 'gzip'],
    ['br;q=1.5', 'identity'],
    ['br;q=0.0001', 'identity'],
    ['br;q=abc, identity;q=0', 'none'],
    ['br; Q = 0.5', 'br'],
  ])('%j -> %s', (header, expected) => {
    expect(chooseEncoding(header, both)).toBe(expected);
  });

  it('only offers copies that exist', () => {
    expect(chooseEncoding('br, gzip', new Set(['gzip'] as const))).toBe('gzip');
  });
});

describe('cacheControlFor', () => {
  it.each([
    ['/d/index.html', CACHE_PAGE],
    ['/d/index.html.br', CACHE_PAGE],
    ['/d/assets/dashboard.2bbf1fa039.css.gz', CACHE_IMMUTABLE],
    ['/d/cbm-widgets.js', CACHE_SHORT],
    ['/d/cbm-widgets.js.br', CACHE_SHORT],
    ['/d/favicon.svg', CACHE_SHORT],
  ])('%s -> %s', (path, expected) => {
    expect(cacheControlFor(path)).toBe(expected);
  });
});
