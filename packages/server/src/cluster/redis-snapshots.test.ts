import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../snapshots/snapshot.js';
import { TestRedis } from '../test-support/redis.js';
import { eventually } from '../test-support/wait.js';
import { RedisSnapshotChannel } from './redis-snapshots.js';

let server: TestRedis;
let redis: Redis;
let subscriber: Redis;

beforeAll(async () => {
  server = await TestRedis.start();
  redis = new Redis(server.url);
  subscriber = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  subscriber?.disconnect();
  await server?.stop();
});

const snapshotAt = (asOf: number) =>
  new Snapshot({
    meta: {
      asOf,
      stale: false,
      source: 'coinbase',
      updateInterval: 1000,
      productsTracked: 1,
      historySeconds: 7260,
      warm: true,
    },
    rows: {
      gainers: [`{"rank":1,"symbol":"SOL-USD","as_of_test":${asOf}}`],
      losers: [],
      topBanner: [],
      bottomBanner: [],
    },
  });

describe('RedisSnapshotChannel', () => {
  it('stores and publishes only a snapshot newer than the one Redis holds', async () => {
    const channel = new RedisSnapshotChannel({ redis, subscriber, keyPrefix: 'test:newer:' });
    const received: number[] = [];
    await channel.listen(
      (snapshot) => received.push(snapshot.meta.asOf),
      () => received.push(-1),
    );
    expect(await channel.latestAsOf()).toBeUndefined();
    expect(await channel.write(snapshotAt(2000))).toBe(true);
    // A collector whose clock is behind, or one that lost its lease mid-write: refused, and nobody is sent it.
    expect(await channel.write(snapshotAt(1000))).toBe(false);
    expect(await channel.write(snapshotAt(2000))).toBe(false);
    expect(await channel.write(snapshotAt(3000))).toBe(true);
    await eventually(() => received.length >= 2, 'the two accepted snapshots on the channel');
    expect(received).toEqual([2000, 3000]);
    expect(await channel.latestAsOf()).toBe(3000);
    const latest = await channel.latest();
    expect(latest?.meta.asOf).toBe(3000);
    expect(latest?.body('gainers').etag).toBe(snapshotAt(3000).body('gainers').etag);
  });
});
