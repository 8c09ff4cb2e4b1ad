import { randomUUID } from 'node:crypto';
import { ROW_TOPICS } from '@cbmo4ers/contract';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterRole } from '../health/health.js';
import { Snapshot } from '../snapshots/snapshot.js';
import type { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import { RedisLease } from './lease.js';
import { RedisSnapshotChannel } from './redis-snapshots.js';

export interface ClusterOptions {
  redisUrl: string;
  /** Prefix of every key and channel, so deployments can share a Redis. @default 'cbm:' */
  keyPrefix?: string;
  /** The replica's local store: HTTP and SSE read it whatever the role. */
  store: MemorySnapshotStore;
  /** Snapshots older than this are marked stale on followers. */
  staleAfterMs: number;
  /** Starts the market and the collector of this replica (it just took the lease). */
  startCollecting: () => void;
  /** Stops them: the lease is lost or the replica shuts down. No upstream call may follow. */
  stopCollecting: () => void;
  logger: Logger;
  clock?: () => number;
  /** Lease expiry; a dead collector is replaced within about this plus `pollIntervalMs` plus `warmUpMaxMs`. @default 4000 */
  leaseTtlMs?: number;
  /** How often the holder renews and followers try to take over. @default 1000 */
  pollIntervalMs?: number;
  /**
   * A new collector publishes once its tables are at least half as full as the last published snapshot, or
   * after this long, so a takeover does not replace full tables with empty ones. @default 4000
   */
  warmUpMaxMs?: number;
}

/**
 * One replica's part in a Redis scale-out. The lease holder is the collector: it alone runs the market and writes
 * each snapshot to Redis. Followers fill their store from Redis and try to take the lease when it expires.
 *
 * Every replica, the collector included, serves only snapshots Redis accepted, and Redis accepts only a snapshot
 * newer than the one it holds. So when Redis goes away every replica is left with the same last snapshot (kept and
 * served marked stale), and whoever collects next never publishes an older one: a client moving between replicas
 * does not see `as_of` go back through an outage or a takeover. (Replicas can differ for the moment a publish
 * takes to reach them all.)
 */
export class ClusterNode {
  readonly #options: ClusterOptions;
  readonly #clock: () => number;
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #lease: RedisLease;
  readonly #channel: RedisSnapshotChannel;
  readonly #pollMs: number;
  #role: Exclude<ClusterRole, 'standalone'> = 'follower';
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;
  #termStartedAt = 0;
  #warmUpBaseline: Snapshot | undefined;
  #warm = false;
  #lastErrorLogAt = 0;

  constructor(options: ClusterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#pollMs = options.pollIntervalMs ?? 1000;
    const connection = {
      // Fail fast while disconnected: the caller falls back (stale snapshot, local rate limit) instead of waiting.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(100 * 2 ** times, 2000),
    };
    this.#redis = new Redis(options.redisUrl, { ...connection, connectionName: 'cbm-commands' });
    this.#subscriber = new Redis(options.redisUrl, {
      ...connection,
      enableOfflineQueue: true,
      connectionName: 'cbm-subscriber',
    });
    for (const client of [this.#redis, this.#subscriber]) {
      client.on('error', (error: Error) => this.#logError(error, 'redis connection error'));
    }
    const keyPrefix = options.keyPrefix ?? 'cbm:';
    this.#lease = new RedisLease({
      redis: this.#redis,
      key: `${keyPrefix}collector-lease`,
      holderId: randomUUID(),
      ttlMs: options.leaseTtlMs ?? 4000,
      clock: this.#clock,
    });
    this.#channel = new RedisSnapshotChannel({
      redis: this.#redis,
      subscriber: this.#subscriber,
      keyPrefix,
    });
  }

  get role(): Exclude<ClusterRole, 'standalone'> {
    return this.#role;
  }

  /** True while the command connection to Redis is usable. */
  get redisUp(): boolean {
    return this.#redis.status === 'ready';
  }

  /** The command connection, shared with the rate limiter. */
  get redis(): Redis {
    return this.#redis;
  }

  get holderId(): string {
    return this.#lease.holderId;
  }

  /** Subscribes, loads the latest snapshot, and decides the role once before returning (Redis permitting). */
  async start(): Promise<void> {
    void this.#channel
      .listen(
        (snapshot) => this.#receive(snapshot),
        () => this.#logError(new Error('undecodable snapshot on the channel'), 'ignored a snapshot'),
      )
      .catch((error: unknown) => this.#logError(error, 'could not subscribe to snapshots; retrying'));
    await this.#waitReady(2000);
    await this.#poll();
    this.#timer = setInterval(() => void this.#poll(), this.#pollMs);
  }

  /**
   * Where the collector's snapshots go on this replica. Ignored unless this replica is the collector, and held
   * back during a takeover until the new tables are about as full as the ones being served. A snapshot is served
   * here only once Redis took it: one the other replicas could not have received is served nowhere.
   */
  publish(snapshot: Snapshot): void {
    if (this.#role !== 'collector' || this.#closed) return;
    if (!this.#warm) {
      this.#warm = isAsFull(snapshot, this.#warmUpBaseline);
      if (!this.#warm && this.#clock() - this.#termStartedAt < (this.#options.warmUpMaxMs ?? 4000)) return;
      this.#warm = true;
    }
    if (!this.#isNewer(snapshot)) return;
    this.#channel.write(snapshot).then(
      (written) => {
        if (written) this.#adopt(snapshot);
        // A clock behind the previous collector's: publish nothing until it has passed the last as_of.
        else this.#logError(new Error('Redis holds a newer snapshot'), 'did not publish an older snapshot');
      },
      (error: unknown) => this.#logError(error, 'could not write the snapshot to Redis'),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    if (this.#role === 'collector') {
      this.#demote('shutting down');
      await this.#lease.release().catch(() => undefined);
    }
    this.#subscriber.disconnect();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      if (this.#role === 'collector') await this.#renew();
      else {
        const acquired = await this.#lease.acquire().catch(() => false);
        // A follower catches up with anything its subscription missed (start-up, reconnect); a new collector
        // does so before its first write, so it never publishes older data than the cluster already has.
        await this.#catchUp();
        if (acquired) this.#promote();
      }
      this.#markStaleIfNeeded();
    } finally {
      this.#polling = false;
    }
  }

  async #renew(): Promise<void> {
    try {
      if (!(await this.#lease.renew())) this.#demote('the lease went to another replica');
    } catch (error) {
      this.#logError(error, 'could not renew the collector lease');
      // Step down before the lease can expire in Redis, so two collectors never overlap.
      if (this.#clock() + this.#pollMs >= this.#lease.validUntil) {
        this.#lease.forget();
        this.#demote('the lease could not be renewed in time');
      }
    }
  }

  #promote(): void {
    if (this.#closed || this.#role === 'collector') return;
    this.#role = 'collector';
    this.#termStartedAt = this.#clock();
    this.#warmUpBaseline = this.#options.store.current();
    this.#warm = this.#warmUpBaseline === undefined;
    this.#options.logger.info({ replica: this.holderId }, 'took the collector lease: collecting');
    this.#options.startCollecting();
  }

  #demote(reason: string): void {
    if (this.#role === 'follower') return;
    this.#role = 'follower';
    this.#options.logger.warn({ replica: this.holderId, reason }, 'no longer the collector: following');
    this.#options.stopCollecting();
  }

  #receive(snapshot: Snapshot): void {
    // The collector adopts its own snapshots once written; it never takes snapshots from anyone else.
    if (this.#role === 'collector' || this.#closed) return;
    this.#adopt(snapshot);
  }

  #isNewer(snapshot: Snapshot): boolean {
    const current = this.#options.store.current();
    return current === undefined || snapshot.meta.asOf > current.meta.asOf;
  }

  /** Serves the snapshot if it is newer than the one served here (the same as_of again, unmarked stale, is not). */
  #adopt(snapshot: Snapshot): void {
    if (this.#isNewer(snapshot)) this.#options.store.publish(snapshot);
  }

  /** Fetches the snapshot Redis holds when it is newer than ours (checked by its as_of alone, so polls stay cheap). */
  async #catchUp(): Promise<void> {
    try {
      const newest = await this.#channel.latestAsOf();
      const current = this.#options.store.current();
      if (newest === undefined || (current && newest <= current.meta.asOf)) return;
      const latest = await this.#channel.latest();
      if (latest) this.#receive(latest);
    } catch (error) {
      this.#logError(error, 'could not read the latest snapshot from Redis');
    }
  }

  /** The served bytes themselves say `stale: true` once the data can no longer be trusted to be current. */
  #markStaleIfNeeded(): void {
    const current = this.#options.store.current();
    if (!current || current.meta.stale) return;
    const tooOld = this.#clock() - current.meta.asOf > this.#options.staleAfterMs;
    // Cut off from Redis, no replica can take a newer snapshot, the collector included: what it serves is frozen.
    const cutOff = !this.redisUp;
    if (!tooOld && !cutOff) return;
    const data = current.toData();
    this.#options.store.publish(new Snapshot({ meta: { ...data.meta, stale: true }, rows: data.rows }));
  }

  #waitReady(timeoutMs: number): Promise<void> {
    if (this.redisUp) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#redis.once('ready', done);
    });
  }

  /** Redis trouble repeats every poll; one line every 10 s is enough to see it. */
  #logError(error: unknown, message: string): void {
    const now = this.#clock();
    if (now - this.#lastErrorLogAt < 10_000) return;
    this.#lastErrorLogAt = now;
    this.#options.logger.warn({ err: error }, message);
  }
}

/** Every table at least half as full as in the baseline (nothing to compare with counts as full). */
function isAsFull(snapshot: Snapshot, baseline: Snapshot | undefined): boolean {
  if (!baseline) return true;
  return ROW_TOPICS.every((topic) => snapshot.size(topic) * 2 >= baseline.size(topic));
}
