/** Sizing of a {@link TimePriceRing}. */
export interface TimePriceRingOptions {
  /** Slots allocated up front; a power of two. Small, so that quiet products cost little. */
  initialCapacity: number;
  /** Hard cap on slots (a power of two): past it the oldest point is evicted, whatever its age. */
  maxCapacity: number;
  /** Points older than the newest point minus this are evicted on push. */
  retentionMs: number;
}

/**
 * Points (time, price) in time order, in typed arrays that grow by doubling up to a hard cap, so memory stays
 * bounded however long the process runs and however busy the product is.
 *
 * The newest evicted point is remembered: "the price at or before t" is then still exact for every t at or
 * after it, because no point lies between it and the oldest held one. Before it, the ring cannot answer and
 * says so ({@link coversTime}), so a caller can fall back to a coarser source instead of guessing.
 */
export class TimePriceRing {
  readonly #options: TimePriceRingOptions;
  #times: Float64Array;
  #prices: Float64Array;
  #head = 0;
  #size = 0;
  #evictedTime = Number.NEGATIVE_INFINITY;
  #evictedPrice: number | undefined;

  constructor(options: TimePriceRingOptions) {
    if (!isPowerOfTwo(options.initialCapacity) || !isPowerOfTwo(options.maxCapacity)) {
      throw new RangeError('TimePriceRing: capacities must be powers of two');
    }
    this.#options = { ...options, initialCapacity: Math.min(options.initialCapacity, options.maxCapacity) };
    this.#times = new Float64Array(this.#options.initialCapacity);
    this.#prices = new Float64Array(this.#options.initialCapacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Slots currently allocated (never above `maxCapacity`). */
  get capacity(): number {
    return this.#times.length;
  }

  get oldestTime(): number | undefined {
    return this.#size === 0 ? undefined : this.#times[this.#head];
  }

  get newestTime(): number | undefined {
    return this.#size === 0 ? undefined : this.#times[this.#physical(this.#size - 1)];
  }

  /** Appends a point; `time` must not be before the newest point (callers keep time monotonic). */
  push(time: number, price: number): void {
    this.#evictOlderThan(time - this.#options.retentionMs);
    if (this.#size === this.#times.length) {
      if (this.#times.length < this.#options.maxCapacity) this.#grow();
      else this.#evictOldest();
    }
    const slot = this.#physical(this.#size);
    this.#times[slot] = time;
    this.#prices[slot] = price;
    this.#size += 1;
  }

  /** Appends a point, or overwrites the newest one's price when it has the same time (per-second sampling). */
  upsert(time: number, price: number): void {
    if (this.#size > 0 && this.#times[this.#physical(this.#size - 1)] === time) {
      this.#prices[this.#physical(this.#size - 1)] = price;
      return;
    }
    this.push(time, price);
  }

  /** True when {@link priceAt} answers exactly for `time` (nothing evicted at or after it). */
  coversTime(time: number): boolean {
    return time >= this.#evictedTime;
  }

  /** Price of the last point at or before `time`; undefined when there is none or the ring does not cover it. */
  priceAt(time: number): number | undefined {
    if (!this.coversTime(time)) return undefined;
    const index = this.#lastIndexAtOrBefore(time);
    if (index < 0) return this.#evictedPrice;
    return this.#prices[this.#physical(index)];
  }

  #lastIndexAtOrBefore(time: number): number {
    let low = 0;
    let high = this.#size - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.#times[this.#physical(middle)] ?? Number.NaN) <= time) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  #evictOlderThan(limit: number): void {
    while (this.#size > 0 && (this.#times[this.#head] ?? Number.NaN) < limit) this.#evictOldest();
  }

  #evictOldest(): void {
    this.#evictedTime = this.#times[this.#head] ?? this.#evictedTime;
    this.#evictedPrice = this.#prices[this.#head];
    this.#head = (this.#head + 1) & (this.#times.length - 1);
    this.#size -= 1;
  }

  #grow(): void {
    const capacity = this.#times.length * 2;
    const times = new Float64Array(capacity);
    const prices = new Float64Array(capacity);
    for (let index = 0; index < this.#size; index += 1) {
      times[index] = this.#times[this.#physical(index)] ?? 0;
      prices[index] = this.#prices[this.#physical(index)] ?? 0;
    }
    this.#times = times;
    this.#prices = prices;
    this.#head = 0;
  }

  #physical(index: number): number {
    return (this.#head + index) & (this.#times.length - 1);
  }
}

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
}
