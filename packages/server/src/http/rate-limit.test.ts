import express from 'express';
import type { IncrementResponse, Store } from 'express-rate-limit';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../test-support/http.js';
import { MemoryCounts, type RateLimitOptions, rateLimiter } from './rate-limit.js';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function serve(options: Partial<RateLimitOptions>) {
  const limiter = rateLimiter({
    limit: 2,
    windowMs: 60_000,
    logger: pino({ level: 'silent' }),
    skip: (req) => req.path === '/free',
    onLimited: (_req, res, retryAfter) => {
      res.status(429).set('retry-after', String(retryAfter)).json({ limited: true });
    },
    ...options,
  });
  const app = express();
  app.set('trust proxy', true);
  app.use(limiter.middleware);
  app.get(['/counted', '/free'], (_req, res) => {
    res.json({ ok: true });
  });
  const server = await listen(app);
  closers.push(() => limiter.close(), server.close);
  return server.url;
}

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('rate limiter', () => {
  it('counts per client in fixed windows of the injected clock, with draft-6 headers', async () => {
    let now = 1_000_000;
    const url = await serve({ clock: () => now });
    const first = await fetch(`${url}/counted`, from('10.0.0.1'));
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('2;w=60');
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
    now += 20_000;
    expect((await fetch(`${url}/counted`, from('10.0.0.1'))).headers.get('ratelimit-reset')).toBe('40');
    const limited = await fetch(`${url}/counted`, from('10.0.0.1'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Another client has its own count; skipped paths are not counted.
    expect((await fetch(`${url}/counted`, from('10.0.0.2'))).status).toBe(200);
    const free = await fetch(`${url}/free`, from('10.0.0.1'));
    expect(free.status).toBe(200);
    expect(free.headers.get('ratelimit-limit')).toBeNull();
    now += 40_000;
    expect((await fetch(`${url}/counted`, from('10.0.0.1'))).status).toBe(200);
  });

  it('groups IPv6 clients by /56 so one host cannot rotate addresses around the limit', async () => {
    const url = await serve({});
    expect((await fetch(`${url}/counted`, from('2001:db8:0:1::1'))).status).toBe(200);
    expect((await fetch(`${url}/counted`, from('2001:db8:0:1::2'))).status).toBe(200);
    expect((await fetch(`${url}/counted`, from('2001:db8:0:1::3'))).status).toBe(429);
  });

  it('uses an asynchronous shared store, and lets requests through uncounted when it fails', async () => {
    let fail = false;
    const hits = new Map<string, number>();
    const store: Store = {
      increment: async (key: string): Promise<IncrementResponse> => {
        if (fail) throw new Error('redis down');
        hits.set(key, (hits.get(key) ?? 0) + 1);
        return { totalHits: hits.get(key) ?? 0, resetTime: undefined };
      },
      decrement: async () => undefined,
      resetKey: async () => undefined,
    };
    const url = await serve({ store });
    expect((await fetch(`${url}/counted`, from('10.0.0.9'))).headers.get('ratelimit-reset')).toBe('60');
    expect((await fetch(`${url}/counted`, from('10.0.0.9'))).status).toBe(200);
    expect((await fetch(`${url}/counted`, from('10.0.0.9'))).status).toBe(429);
    fail = true;
    expect((await fetch(`${url}/counted`, from('10.0.0.9'))).status).toBe(200);
    expect(hits.get('10.0.0.9')).toBe(3);
  });
});

describe('MemoryCounts', () => {
  it('forgets keys whose window has passed, so memory follows the clients of one window', () => {
    let now = 0;
    const counts = new MemoryCounts(1000, () => now);
    closers.push(() => counts.shutdown());
    for (let client = 0; client < 50; client += 1) counts.increment(`c${client}`);
    expect(counts.size).toBe(50);
    now = 600;
    expect(counts.increment('late').totalHits).toBe(1);
    expect(counts.increment('c1').totalHits).toBe(2);
    now = 1500;
    counts.removeExpired();
    expect(counts.size).toBe(1);
    expect(counts.increment('late').totalHits).toBe(2);
    now = 1600;
    expect(counts.increment('late').totalHits).toBe(1);
  });

  it('reports a key within its window and nothing after it', () => {
    let now = 0;
    const counts = new MemoryCounts(1000, () => now);
    closers.push(() => counts.shutdown());
    expect(counts.get('a')).toBeUndefined();
    counts.increment('a');
    counts.increment('a');
    expect(counts.get('a')).toEqual({ totalHits: 2, resetTime: new Date(1000) });
    now = 1000;
    expect(counts.get('a')).toBeUndefined();
  });
});
