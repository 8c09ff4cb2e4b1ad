export const MINUTE_MS = 60_000;

/** Minutes held: the figures read 121 back from now; a few more let a close carry back and absorb clock skew. */
export const MINUTE_SLOTS = 128;

const NO_CANDLE_COVERAGE = 0;
const COVERED_WITHOUT_CANDLE = 1;
const COVERED_WITH_CANDLE = 2;

/** Start of the minute holding `time`. */
export function minuteOf(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

/**
 * One-minute buckets of one product in a fixed ring of {@link MINUTE_SLOTS} slots: what the live feed delivered
 * in each minute (quote volume, last price) and what REST candles said about it, kept apart because which one
 * counts depends on live coverage, which is only known once the minute is over.
 */
export class MinuteBuckets {
  readonly #stamps = new Float64Array(MINUTE_SLOTS).fill(Number.NaN);
  readonly #liveVolumes = new Float64Array(MINUTE_SLOTS);
  readonly #liveCloses = new Float64Array(MINUTE_SLOTS);
  readonly #candleStates = new Uint8Array(MINUTE_SLOTS);
  readonly #candleVolumes = new Float64Array(MINUTE_SLOTS);
  readonly #candleCloses = new Float64Array(MINUTE_SLOTS);
  #newestMinute = Number.NEGATIVE_INFINITY;

  /** Whether minute `minute` could still be in the ring: a newer minute may have recycled older slots. */
  holds(minute: number): boolean {
    return minute > this.#newestMinute - MINUTE_SLOTS * MINUTE_MS;
  }

  /** Start of the newest minute written, or -Infinity. */
  get newestMinute(): number {
    return this.#newestMinute;
  }

  addLiveTrade(minute: number, quoteVolume: number, price: number): void {
    const slot = this.#slotForWrite(minute);
    if (slot === undefined) return;
    this.#liveVolumes[slot] = (this.#liveVolumes[slot] ?? 0) + quoteVolume;
    this.#liveCloses[slot] = price;
  }

  /** The minute is covered by a candle response; a candle for it may follow or may not (no trades). */
  markCovered(minute: number): void {
    const slot = this.#slotForWrite(minute);
    if (slot === undefined) return;
    this.#candleStates[slot] = COVERED_WITHOUT_CANDLE;
    this.#candleVolumes[slot] = 0;
    this.#candleCloses[slot] = Number.NaN;
  }

  /** Withdraws candle coverage of the minute, so it reads as unknown unless fully live. */
  markUncovered(minute: number): void {
    const slot = this.#slotForWrite(minute);
    if (slot === undefined) return;
    this.#candleStates[slot] = NO_CANDLE_COVERAGE;
  }

  setCandle(minute: number, quoteVolume: number, close: number): void {
    const slot = this.#slotForWrite(minute);
    if (slot === undefined) return;
    this.#candleStates[slot] = COVERED_WITH_CANDLE;
    this.#candleVolumes[slot] = quoteVolume;
    this.#candleCloses[slot] = close;
  }

  /** Live quote volume delivered in the minute (0 if none or not held). */
  liveVolume(minute: number): number {
    const slot = this.#slotForRead(minute);
    return slot === undefined ? 0 : (this.#liveVolumes[slot] ?? 0);
  }

  /** Last live price in the minute, NaN if none. */
  liveClose(minute: number): number {
    const slot = this.#slotForRead(minute);
    return slot === undefined ? Number.NaN : (this.#liveCloses[slot] ?? Number.NaN);
  }

  isCoveredByCandles(minute: number): boolean {
    const slot = this.#slotForRead(minute);
    return slot !== undefined && this.#candleStates[slot] !== NO_CANDLE_COVERAGE;
  }

  /** Candle quote volume (0 for a covered minute without candle). */
  candleVolume(minute: number): number {
    const slot = this.#slotForRead(minute);
    return slot === undefined ? 0 : (this.#candleVolumes[slot] ?? 0);
  }

  /** Candle close, NaN for a minute without candle. */
  candleClose(minute: number): number {
    const slot = this.#slotForRead(minute);
    return slot === undefined ? Number.NaN : (this.#candleCloses[slot] ?? Number.NaN);
  }

  #slotForRead(minute: number): number | undefined {
    const slot = slotOf(minute);
    return this.#stamps[slot] === minute ? slot : undefined;
  }

  /** The slot for `minute`, reset if it held an older minute; undefined when the minute is too old to keep. */
  #slotForWrite(minute: number): number | undefined {
    if (!this.holds(minute)) return undefined;
    const slot = slotOf(minute);
    const stamp = this.#stamps[slot] ?? Number.NaN;
    if (stamp !== minute) {
      this.#stamps[slot] = minute;
      this.#liveVolumes[slot] = 0;
      this.#liveCloses[slot] = Number.NaN;
      this.#candleStates[slot] = NO_CANDLE_COVERAGE;
      this.#candleVolumes[slot] = 0;
      this.#candleCloses[slot] = Number.NaN;
    }
    if (minute > this.#newestMinute) this.#newestMinute = minute;
    return slot;
  }
}

function slotOf(minute: number): number {
  const index = Math.floor(minute / MINUTE_MS) % MINUTE_SLOTS;
  return index < 0 ? index + MINUTE_SLOTS : index;
}
