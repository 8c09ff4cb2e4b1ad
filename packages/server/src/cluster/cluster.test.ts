import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { freePort } from '@cbmo4ers/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { type RunningServer, startServer } from '../server.js';
import type { Snapshot } from '../snapshots/snapshot.js';
import type { JsonBody } from '../test-support/http.js';
import { TestRedis } from '../test-support/redis.js';
import { eventually } from '../test-support/wait.js';

/**
 * Two replicas on one real redis-server and one simulated exchange that both are pointed at as if it were
 * Coinbase: only the lease holder may talk to it, both must serve the same bytes, and the pair must survive the
 * collector dying and Redis going away and coming back.
 */
let redis: TestRedis;
let simulator: Simulator;
const replicas: RunningServer[] = [];

async function startReplica(): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MARKET_SOURCE: 'coinbase',
    COINBASE_REST_URL: simulator.restUrl,
    COINBASE_WS_URL: simulator.wsUrl,
    COINBASE_REST_RATE: '200',
    REDIS_URL: redis.url,
    SNAPSHOT_INTERVAL_MS: '250',
    STALE_AFTER: '3',
    RATE_LIMIT_PER_MINUTE: '100000',
    SERVE_DASHBOARD: 'false',
    METRICS_PORT: 'main',
  });
  const replica = await startServer(config, {
    logger: pino({ level: 'silent' }),
    market: { candleRepairIntervalMs: 500, feedTimeouts: { reconnectBaseMs: 100, reconnectMaxMs: 500 } },
    cluster: { leaseTtlMs: 2000, pollIntervalMs: 250, warmUpMaxMs: 3000 },
  });
  replicas.push(replica);
  return replica;
}

const collectorOf = (pair: RunningServer[]) => pair.find((replica) => replica.role === 'collector');
const followerOf = (pair: RunningServer[]) => pair.find((replica) => replica.role === 'follower');
const hasTables = (snapshot: Snapshot | undefined) =>
  snapshot !== undefined && snapshot.size('gainers') > 0 && snapshot.size('topBanner') > 0;
const freshSince = (replica: RunningServer, since: number) => {
  const current = replica.store.current();
  return current !== undefined && !current.meta.stale && current.meta.asOf > since && hasTables(current);
};

async function getJson(replica: RunningServer, path: string) {
  const response = await fetch(`${replica.url}${path}`);
  return { response, body: (await response.json()) as JsonBody };
}

beforeAll(async () => {
  [redis, simulator] = await Promise.all([
    TestRedis.start(),
    startSimulator({ seed: 5, tradeRateMultiplier: 0.5 }),
  ]);
  await Promise.all([startReplica(), startReplica()]);
  await eventually(
    () => replicas.every((replica) => hasTables(replica.store.current())),
    'both replicas serving tables',
    15_000,
  );
}, 30_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  await simulator?.close();
  await redis?.stop();
});

describe('scale-out on Redis', () => {
  it('has one collector talking upstream; the follower makes no upstream call', async () => {
    const collector = collectorOf(replicas);
    const follower = followerOf(replicas);
    expect(collector).toBeDefined();
    expect(follower?.market).toBeUndefined();
    expect(simulator.stats.openWebSockets).toBe(1);
    expect(simulator.stats.subscriptions).toBe(1);
    const health = (await getJson(follower as RunningServer, '/api/health')).body;
    expect(health.cluster).toEqual({ role: 'follower', redis: 'up' });
    expect(health.cache.backend).toBe('redis');
    expect(health.upstreams).toEqual({});
    const collectorHealth = (await getJson(collector as RunningServer, '/api/health')).body;
    expect(collectorHealth.cluster.role).toBe('collector');
    expect(collectorHealth.upstreams.coinbase_ws.state).toBe('up');
    const metrics = await (await fetch(`${follower?.url}/metrics`)).text();
    expect(metrics).not.toMatch(/cbm_upstream_messages_total\{/);
  });

  it('serves identical bodies and ETags for the same snapshot on every replica', async () => {
    const [first, second] = replicas as [RunningServer, RunningServer];
    const seen = new Map<number, string>();
    const unsubscribe = first.store.subscribe((snapshot) =>
      seen.set(snapshot.meta.asOf, snapshot.body('losers', 100).etag),
    );
    try {
      let matched = 0;
      while (matched < 3) {
        const [a, b] = await Promise.all(
          // Uncompressed, so the ETag is the body's own and can be compared with the snapshot's.
          [first, second].map((replica) =>
            fetch(`${replica.url}/api/component/losers-table?limit=100`, {
              headers: { 'accept-encoding': 'identity' },
            }),
          ),
        );
        const [bodyA, bodyB] = await Promise.all([a?.text() ?? '', b?.text() ?? '']);
        const asOfB = (JSON.parse(bodyB) as { as_of: number }).as_of;
        if ((JSON.parse(bodyA) as { as_of: number }).as_of === asOfB) {
          expect(bodyB).toBe(bodyA);
          expect(b?.headers.get('etag')).toBe(a?.headers.get('etag'));
          matched += 1;
        }
        if (seen.has(asOfB)) expect(b?.headers.get('etag')).toBe(seen.get(asOfB));
      }
    } finally {
      unsubscribe();
    }
  });

  it('shares the rate-limit count between replicas', async () => {
    const [first, second] = replicas as [RunningServer, RunningServer];
    const remaining = async (replica: RunningServer) =>
      Number((await fetch(`${replica.url}/api/component/gainers-table`)).headers.get('ratelimit-remaining'));
    const before = await remaining(first);
    expect(await remaining(second)).toBe(before - 1);
    expect(await remaining(first)).toBe(before - 2);
  });

  it('hands over to the follower within 10 s when the collector stops', async () => {
    const collector = collectorOf(replicas) as RunningServer;
    const follower = followerOf(replicas) as RunningServer;
    const lastAsOf = collector.store.current()?.meta.asOf ?? 0;
    const stoppedAt = Date.now();
    await collector.close();
    replicas.splice(replicas.indexOf(collector), 1);
    await eventually(
      () => follower.role === 'collector' && freshSince(follower, lastAsOf),
      'the follower collecting and serving fresh tables',
      10_000,
    );
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await eventually(() => simulator.stats.openWebSockets === 1, 'one feed connection');
    // A new replica joins as a follower and is served from Redis at once.
    const joined = await startReplica();
    expect(joined.role).toBe('follower');
    await eventually(() => hasTables(joined.store.current()), 'the new replica serving tables');
  }, 20_000);

  it('keeps serving marked stale while Redis is down, and recovers by itself', async () => {
    const stoppedAt = Date.now();
    await redis.stop();
    await eventually(
      () => replicas.every((replica) => replica.store.current()?.meta.stale === true),
      'both replicas marking their last snapshot stale',
    );
    for (const replica of replicas) {
      const { response, body } = await getJson(replica, '/api/component/gainers-table');
      expect(response.status).toBe(200);
      expect(body.stale).toBe(true);
      expect(body.data.length).toBeGreaterThan(0);
      const health = (await getJson(replica, '/api/health')).body;
      expect(health.status).toBe('degraded');
      expect(health.cache.stale).toBe(true);
      expect(health.cluster.redis).toBe('down');
    }
    // The collector steps down once its lease can no longer be trusted: nobody talks upstream.
    await eventually(() => replicas.every((replica) => replica.role === 'follower'), 'no collector left');
    await eventually(() => simulator.stats.openWebSockets === 0, 'the feed connection closed');

    await redis.start();
    await eventually(
      () => replicas.every((replica) => freshSince(replica, stoppedAt)),
      'both replicas serving fresh snapshots again',
      15_000,
    );
    expect(replicas.filter((replica) => replica.role === 'collector')).toHaveLength(1);
    expect(simulator.stats.openWebSockets).toBe(1);
    for (const replica of replicas) {
      const health = (await getJson(replica, '/api/health')).body;
      expect(health.cluster.redis).toBe('up');
      expect(health.cache.stale).toBe(false);
    }
  }, 30_000);

  it('serves one snapshot on every replica while Redis is down, and as_of never goes back across replicas', async () => {
    await eventually(
      () => collectorOf(replicas) !== undefined && replicas.every((replica) => freshSince(replica, 0)),
      'a collector and two fresh replicas',
      15_000,
    );
    // Every snapshot any replica takes, in order: what a client alternating between replicas can be served.
    const served: Array<{ replica: number; asOf: number }> = [];
    const unsubscribes = replicas.map((replica, index) =>
      replica.store.subscribe((snapshot) => served.push({ replica: index, asOf: snapshot.meta.asOf })),
    );
    try {
      await redis.stop();
      await eventually(
        () =>
          replicas.every(
            (replica) => replica.role === 'follower' && replica.store.current()?.meta.stale === true,
          ),
        'both replicas following, each marking its snapshot stale',
      );
      const frozen = replicas.map((replica) => replica.store.current()?.meta.asOf);
      expect(frozen[1]).toBe(frozen[0]);
      // Nothing newer than the frozen snapshot was served anywhere (the collector's last writes failed).
      expect(Math.max(...served.map((entry) => entry.asOf))).toBe(frozen[0]);
      // The same snapshot, so the same bytes and ETag on both, marked stale.
      const [a, b] = await Promise.all(
        replicas.map((replica) => fetch(`${replica.url}/api/component/gainers-table?limit=100`)),
      );
      const [bodyA, bodyB] = await Promise.all([a?.text(), b?.text()]);
      expect(bodyB).toBe(bodyA);
      expect(b?.headers.get('etag')).toBe(a?.headers.get('etag'));
      expect(JSON.parse(bodyA ?? '{}')).toMatchObject({ as_of: frozen[0], stale: true });

      await redis.start();
      await eventually(
        () => replicas.every((replica) => freshSince(replica, frozen[0] ?? 0)),
        'both replicas serving a newer snapshot, fresh',
        15_000,
      );
    } finally {
      for (const unsubscribe of unsubscribes) unsubscribe();
    }
    let highest = 0;
    for (const entry of served) {
      expect(entry.asOf, `replica ${entry.replica} after as_of ${highest}`).toBeGreaterThanOrEqual(highest);
      highest = entry.asOf;
    }
  }, 40_000);
});

describe('a replica started while Redis is unreachable', () => {
  it('starts, answers unhealthy with Redis down, and never talks upstream on its own', async () => {
    const replica = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MARKET_SOURCE: 'coinbase',
        COINBASE_REST_URL: 'http://127.0.0.1:9',
        COINBASE_WS_URL: 'ws://127.0.0.1:9',
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        SERVE_DASHBOARD: 'false',
        METRICS_PORT: 'main',
      }),
      { logger: pino({ level: 'silent' }) },
    );
    try {
      expect(replica.role).toBe('follower');
      expect(replica.market).toBeUndefined();
      const { response, body } = await getJson(replica, '/api/health');
      expect(response.status).toBe(503);
      expect(body.cluster).toEqual({ role: 'follower', redis: 'down' });
      expect((await fetch(`${replica.url}/api/component/gainers-table`)).status).toBe(503);
    } finally {
      await replica.close();
    }
  });
});
