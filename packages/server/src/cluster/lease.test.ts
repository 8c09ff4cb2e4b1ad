import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../snapshots/snapshot.js';
import { TestRedis } from '../test-support/redis.js';
import { eventually } from '../test-support/wait.js';
import { RedisLease } from './lease.js';
import { decodeSnapshot, encodeSnapshot } from './redis-snapshots.js';

let server: TestRedis;
let redis: Redis;

beforeAll(async () => {
  server = await TestRedis.start();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('RedisLease', () => {
  it('is held by one replica, renewed by it, and taken over only after it expires', async () => {
    const key = 'test:lease:expiry';
    const first = new RedisLease({ redis, key, holderId: 'a', ttlMs: 300 });
    const second = new RedisLease({ redis, key, holderId: 'b', ttlMs: 300 });
    expect(await first.acquire()).toBe(true);
    expect(first.validUntil).toBeGreaterThan(Date.now());
    expect(await second.acquire()).toBe(false);
    expect(await first.acquire()).toBe(true);
    // The holder "crashes": no renewal, no release.
    let takenOver = false;
    const trying = setInterval(() => {
      void second.acquire().then((won) => {
        takenOver ||= won;
      });
    }, 50);
    try {
      await eventually(() => takenOver, 'the second replica taking the expired lease', 2000);
    } finally {
      clearInterval(trying);
    }
    expect(await first.renew()).toBe(false);
    expect(first.validUntil).toBe(0);
    expect(await redis.get(key)).toBe('b');
  });

  it('releases only its own lease', async () => {
    const key = 'test:lease:release';
    const first = new RedisLease({ redis, key, holderId: 'a', ttlMs: 10_000 });
    const second = new RedisLease({ redis, key, holderId: 'b', ttlMs: 10_000 });
    expect(await first.acquire()).toBe(true);
    await second.release();
    expect(await redis.get(key)).toBe('a');
    await first.release();
    expect(await second.acquire()).toBe(true);
  });
});

describe('snapshot encoding', () => {
  it('gives the same bytes and ETags after a trip through Redis, and rejects foreign data', () => {
    const original = new Snapshot({
      meta: {
        asOf: 1_795_543_265_123,
        stale: false,
        source: 'coinbase',
        updateInterval: 1000,
        productsTracked: 2,
        historySeconds: 7260,
        warm: true,
      },
      rows: {
        gainers: ['{"rank":1,"symbol":"SOL-USD","price_change_percentage_3min":0.1}'],
        losers: [],
        topBanner: ['{"symbol":"BTC-USD"}'],
        bottomBanner: [],
      },
    });
    const copy = decodeSnapshot(encodeSnapshot(original));
    expect(copy).toBeDefined();
    for (const topic of ['gainers', 'losers', 'topBanner'] as const) {
      expect(copy?.body(topic).bytes.equals(original.body(topic).bytes)).toBe(true);
      expect(copy?.body(topic).etag).toBe(original.body(topic).etag);
    }
    expect(decodeSnapshot('not json')).toBeUndefined();
    expect(decodeSnapshot('{"meta":{"asOf":"soon"},"rows":{}}')).toBeUndefined();
  });
});
