import type { Redis } from 'ioredis';

/** Renews only while we still hold the lease: a lease that expired and went to another replica stays theirs. */
const RENEW_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  redis: Redis;
  key: string;
  /** Unique per replica (and per process start). */
  holderId: string;
  ttlMs: number;
  clock?: () => number;
}

/**
 * A Redis lease (set-if-absent with expiry): whoever holds it is the collector. The holder renews it; it counts
 * itself the holder only until `validUntil`, measured from before each successful request, so a holder cut off
 * from Redis steps down before anyone else can take the lease over.
 */
export class RedisLease {
  readonly #options: LeaseOptions;
  readonly #clock: () => number;
  #validUntil = 0;

  constructor(options: LeaseOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  get holderId(): string {
    return this.#options.holderId;
  }

  /** Epoch ms until which this replica may act as the holder; 0 when it does not hold the lease. */
  get validUntil(): number {
    return this.#validUntil;
  }

  /** Takes the lease when free, or renews it when already ours. Throws when Redis cannot be reached. */
  async acquire(): Promise<boolean> {
    const { redis, key, holderId, ttlMs } = this.#options;
    const sentAt = this.#clock();
    const set = await redis.set(key, holderId, 'PX', ttlMs, 'NX');
    if (set === 'OK') {
      this.#validUntil = sentAt + ttlMs;
      return true;
    }
    return this.renew();
  }

  /** Extends the lease if it is still ours; false (and no longer valid) when it is not. */
  async renew(): Promise<boolean> {
    const { redis, key, holderId, ttlMs } = this.#options;
    const sentAt = this.#clock();
    const renewed = await redis.eval(RENEW_SCRIPT, 1, key, holderId, String(ttlMs));
    this.#validUntil = renewed === 1 ? sentAt + ttlMs : 0;
    return renewed === 1;
  }

  /** Gives the lease up at once (clean shutdown), so a follower takes over without waiting for the expiry. */
  async release(): Promise<void> {
    const { redis, key, holderId } = this.#options;
    this.#validUntil = 0;
    await redis.eval(RELEASE_SCRIPT, 1, key, holderId);
  }

  /** Forgets the lease locally (it could not be renewed in time). */
  forget(): void {
    this.#validUntil = 0;
  }
}
