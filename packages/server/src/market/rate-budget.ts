export interface RateBudgetOptions {
  /** Requests per second sustained. */
  ratePerSecond: number;
  /** Requests that may go at once after a quiet spell (the bucket's size). @default 2 */
  burst?: number;
  /** @default Date.now */
  clock?: () => number;
  /** Waits `ms` (tests pass a fake). @default an unref'd setTimeout */
  wait?: (ms: number) => Promise<void>;
}

/**
 * A token bucket shared by every call to one upstream: at most `burst` requests at once, then one every
 * 1 / `ratePerSecond`. Each caller reserves its slot when it asks (virtual scheduling), so waiting callers are
 * served in order and any window of one second holds at most `ratePerSecond + burst` requests.
 */
export class RateBudget {
  readonly #intervalMs: number;
  readonly #toleranceMs: number;
  readonly #clock: () => number;
  readonly #wait: (ms: number) => Promise<void>;
  /** When the bucket would be full again if nothing else were asked: the "theoretical arrival time". */
  #nextFree = 0;
  #granted = 0;
  #waiting = 0;

  constructor(options: RateBudgetOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('RateBudget: ratePerSecond must be positive');
    const burst = Math.max(1, Math.floor(options.burst ?? 2));
    this.#intervalMs = 1000 / options.ratePerSecond;
    this.#toleranceMs = (burst - 1) * this.#intervalMs;
    this.#clock = options.clock ?? Date.now;
    this.#wait =
      options.wait ??
      ((ms) =>
        new Promise((resolve) => {
          setTimeout(resolve, ms).unref();
        }));
  }

  /** Requests let through so far. */
  get granted(): number {
    return this.#granted;
  }

  /** Callers waiting for their slot now. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Resolves when the caller may send its request; the slot is taken at once. */
  async acquire(): Promise<void> {
    const delay = this.reserve();
    if (delay > 0) {
      this.#waiting += 1;
      try {
        await this.#wait(delay);
      } finally {
        this.#waiting -= 1;
      }
    }
    this.#granted += 1;
  }

  /** Takes the next slot and returns how long to wait for it (ms). */
  reserve(): number {
    const now = this.#clock();
    const arrival = Math.max(this.#nextFree, now);
    const delay = Math.max(0, arrival - this.#toleranceMs - now);
    this.#nextFree = arrival + this.#intervalMs;
    return delay;
  }

  /** The upstream said to back off (429 with Retry-After): nobody goes before `ms` from now. */
  pause(ms: number): void {
    const resumeAt = this.#clock() + ms + this.#toleranceMs;
    if (resumeAt > this.#nextFree) this.#nextFree = resumeAt;
  }
}
