import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { type RedisReply, RedisStore } from 'rate-limit-redis';
import { MemoryCounts } from './rate-limit.js';

export interface SharedRateLimitStoreOptions {
  /** Sends one raw Redis command; must fail fast while Redis is unreachable. */
  sendCommand: (command: string, ...args: string[]) => Promise<unknown>;
  /** @default 'cbm:rl:' */
  prefix?: string;
  logger: Logger;
  /** @default Date.now */
  clock?: () => number;
}

/**
 * Rate-limit counts shared by every replica through Redis (rate-limit-redis). While Redis is unreachable each
 * replica counts on its own in memory (the same counts a replica without Redis keeps), so the limit still holds
 * per replica and no request fails because of Redis; the shared counts are used again as soon as Redis answers.
 */
export class SharedRateLimitStore implements Store {
  readonly #options: SharedRateLimitStoreOptions;
  /** Made by `init`, which is told the window. */
  #fallback: MemoryCounts | undefined;
  #redis: RedisStore;
  #limiterOptions: Options | undefined;
  #lastWarnAt = 0;
  #failedAt: number | undefined;

  constructor(options: SharedRateLimitStoreOptions) {
    this.#options = options;
    this.#redis = this.#createRedisStore();
  }

  init(options: Options): void {
    this.#limiterOptions = options;
    this.#fallback?.shutdown();
    this.#fallback = new MemoryCounts(options.windowMs, this.#options.clock);
    this.#redis.init(options).catch((error: unknown) => {
      this.#warn(error);
      this.#failedAt = 0;
    });
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.#withFallback(
      () => this.#redis.get(key),
      () => this.#local().get(key),
    );
  }

  async increment(key: string): Promise<IncrementResponse> {
    return this.#withFallback(
      () => this.#redis.increment(key),
      () => this.#local().increment(key),
    );
  }

  async decrement(key: string): Promise<void> {
    await this.#withFallback(
      () => this.#redis.decrement(key),
      () => this.#local().decrement(key),
    );
  }

  async resetKey(key: string): Promise<void> {
    this.#fallback?.resetKey(key);
    await this.#redis.resetKey(key).catch(() => undefined);
  }

  shutdown(): void {
    this.#fallback?.shutdown();
  }

  #local(): MemoryCounts {
    if (!this.#fallback) throw new Error('SharedRateLimitStore used before init()');
    return this.#fallback;
  }

  async #withFallback<T>(shared: () => Promise<T>, local: () => Promise<T> | T): Promise<T> {
    const now = (this.#options.clock ?? Date.now)();
    // After a failure Redis is tried again at most once a second; meanwhile counts stay local and fast.
    if (this.#failedAt !== undefined && now - this.#failedAt < 1000) return local();
    try {
      if (this.#failedAt !== undefined) {
        // rate-limit-redis keeps a failed script load forever: start over with a fresh store.
        this.#redis = this.#createRedisStore();
        if (this.#limiterOptions) await this.#redis.init(this.#limiterOptions);
        this.#failedAt = undefined;
      }
      return await shared();
    } catch (error) {
      this.#warn(error);
      this.#failedAt = now;
      return local();
    }
  }

  #createRedisStore(): RedisStore {
    const { sendCommand, prefix } = this.#options;
    return new RedisStore({
      prefix: prefix ?? 'cbm:rl:',
      sendCommand: async (command: string, ...args: string[]) =>
        (await sendCommand(command, ...args)) as RedisReply,
    });
  }

  #warn(error: unknown): void {
    const now = (this.#options.clock ?? Date.now)();
    if (now - this.#lastWarnAt < 10_000) return;
    this.#lastWarnAt = now;
    this.#options.logger.warn(
      { err: error },
      'shared rate limit unavailable (Redis); counting per replica meanwhile',
    );
  }
}
