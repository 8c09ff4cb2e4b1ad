import type { Request, RequestHandler, Response } from 'express';
import {
  type ClientRateLimitInfo,
  type IncrementResponse,
  ipKeyGenerator,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { Logger } from 'pino';

/**
 * Per-client rate limiting with the headers of express-rate-limit's `draft-6` mode (`RateLimit-Policy`,
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`) and any express-rate-limit `Store` (the shared
 * Redis one when scaled out).
 *
 * Why not express-rate-limit's own middleware: it awaits `skip`, the key generator, the store and the limit on
 * every request and runs a double-count check that allocates a Map per request, even with its memory store.
 * bench/http-ablation.mjs measured that at about a tenth of the CPU of a component request, on the hottest
 * path. Here the in-memory count (one process, no Redis) is answered synchronously, and only a shared store
 * costs a promise. Keys are express-rate-limit's `ipKeyGenerator` (IPv6 clients grouped by /56).
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** Shared counts (Redis); in memory and synchronous when undefined. A failing store lets requests through. */
  store?: Store | undefined;
  /** Requests that are not counted (health probes, preflights). */
  skip: (req: Request) => boolean;
  /** Answers a request past the limit; the RateLimit-* headers are already set. */
  onLimited: (req: Request, res: Response, retryAfterSeconds: number) => void;
  logger: Logger;
  clock?: () => number;
  /** The client's address. @default `req.ip` (which follows Express's `trust proxy`) */
  clientOf?: (req: Request) => string | undefined;
}

export interface RateLimiter {
  middleware: RequestHandler;
  /** Stops the sweep timer of the in-memory counts. */
  close(): void;
}

export function rateLimiter(options: RateLimitOptions): RateLimiter {
  const clock = options.clock ?? Date.now;
  const { limit, windowMs } = options;
  const policy = `${limit};w=${Math.ceil(windowMs / 1000)}`;
  const limitHeader = String(limit);
  const counts: Store = options.store ?? new MemoryCounts(windowMs, clock);
  counts.init?.({ windowMs } as Options);

  const apply = (req: Request, res: Response, next: (error?: unknown) => void, hit: IncrementResponse) => {
    const now = clock();
    const resetSeconds = hit.resetTime
      ? Math.max(0, Math.ceil((hit.resetTime.getTime() - now) / 1000))
      : Math.ceil(windowMs / 1000);
    if (!res.headersSent) {
      res.setHeader('ratelimit-policy', policy);
      res.setHeader('ratelimit-limit', limitHeader);
      res.setHeader('ratelimit-remaining', String(Math.max(0, limit - hit.totalHits)));
      res.setHeader('ratelimit-reset', String(resetSeconds));
    }
    if (hit.totalHits > limit) options.onLimited(req, res, Math.max(1, resetSeconds));
    else next();
  };

  const middleware: RequestHandler = (req, res, next) => {
    if (options.skip(req)) {
      next();
      return;
    }
    const ip = (options.clientOf ? options.clientOf(req) : req.ip) ?? 'unknown';
    // IPv6 clients are grouped by /56 (ipKeyGenerator); an IPv4 address is its own key.
    const key = ip.includes(':') ? ipKeyGenerator(ip) : ip;
    let hit: Promise<IncrementResponse> | IncrementResponse;
    try {
      hit = counts.increment(key);
    } catch (error) {
      storeFailed(options.logger, error, next);
      return;
    }
    if (hit instanceof Promise)
      hit.then(
        (value) => apply(req, res, next, value),
        (error: unknown) => storeFailed(options.logger, error, next),
      );
    else apply(req, res, next, hit);
  };

  return { middleware, close: () => counts.shutdown?.() };
}

function storeFailed(logger: Logger, error: unknown, next: () => void): void {
  logger.error({ err: error }, 'rate-limit store failed; request let through uncounted');
  next();
}

/**
 * Fixed windows per key, starting at the key's first hit, counted synchronously. A timer sweeps expired keys
 * once a window, so memory is bounded by the clients of the last window.
 */
export class MemoryCounts implements Store {
  readonly localKeys = true;
  readonly #windowMs: number;
  readonly #clock: () => number;
  readonly #hits = new Map<string, { count: number; resetAt: number; resetTime: Date }>();
  readonly #sweep: NodeJS.Timeout;

  constructor(windowMs: number, clock: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#clock = clock;
    this.#sweep = setInterval(() => this.removeExpired(), windowMs);
    this.#sweep.unref();
  }

  increment(key: string): IncrementResponse {
    const now = this.#clock();
    let entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now) {
      const resetAt = now + this.#windowMs;
      entry = { count: 0, resetAt, resetTime: new Date(resetAt) };
      this.#hits.set(key, entry);
    }
    entry.count += 1;
    return { totalHits: entry.count, resetTime: entry.resetTime };
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const entry = this.#hits.get(key);
    return entry && entry.resetAt > this.#clock()
      ? { totalHits: entry.count, resetTime: entry.resetTime }
      : undefined;
  }

  decrement(key: string): void {
    const entry = this.#hits.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }

  resetKey(key: string): void {
    this.#hits.delete(key);
  }

  shutdown(): void {
    clearInterval(this.#sweep);
    this.#hits.clear();
  }

  /** Keys currently held (for tests of the sweep). */
  get size(): number {
    return this.#hits.size;
  }

  /** Drops keys whose window has passed (a timer does this once a window). */
  removeExpired(): void {
    const now = this.#clock();
    for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
  }
}
