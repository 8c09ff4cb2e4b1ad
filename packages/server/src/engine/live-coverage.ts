/** Periods kept; more only happens with a flapping feed, and dropping the oldest only makes minutes unknown. */
const MAX_PERIODS = 32;

/**
 * The periods during which the live feed delivered every trade of one product: [start, end), end = Infinity
 * while it still does. A minute counts as live only if one single period spans it, so a minute touching a
 * stop, even one immediately followed by a restart, falls back to candles.
 */
export class LiveCoverage {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  get isLive(): boolean {
    const last = this.#ends.length - 1;
    return last >= 0 && this.#ends[last] === Number.POSITIVE_INFINITY;
  }

  /** Number of periods held (bounded). */
  get periodCount(): number {
    return this.#starts.length;
  }

  start(at: number): void {
    if (this.isLive) return;
    this.#starts.push(at);
    this.#ends.push(Number.POSITIVE_INFINITY);
    if (this.#starts.length > MAX_PERIODS) {
      this.#starts.shift();
      this.#ends.shift();
    }
  }

  stop(at: number): void {
    if (!this.isLive) return;
    const last = this.#ends.length - 1;
    this.#ends[last] = Math.max(at, this.#starts[last] ?? at);
  }

  /** Whether one period spans all of [from, to). */
  spans(from: number, to: number): boolean {
    for (let index = this.#starts.length - 1; index >= 0; index -= 1) {
      if ((this.#starts[index] ?? Number.NaN) <= from && (this.#ends[index] ?? Number.NaN) >= to) return true;
    }
    return false;
  }

  /** Forgets periods that ended before `before`: they cannot span a minute the figures still read. */
  prune(before: number): void {
    while (this.#ends.length > 0 && (this.#ends[0] ?? Number.NaN) < before) {
      this.#starts.shift();
      this.#ends.shift();
    }
  }
}
