/**
 * The whole simulated market: every product's process, its candles and 24 h figures, and the pump schedule.
 * Pure computation driven by the times it is given; the simulator's timer loop feeds it the clock.
 */
import { CandleBook, type CandleRow } from './candle-book.js';
import type { SimProduct } from './catalog.js';
import { createDayBaseline, type DayBaseline, type DayStats, dayStats } from './day-stats.js';
import { simulateHistoryMinute } from './history.js';
import {
  advanceState,
  createProductState,
  executeTrade,
  type ProductState,
  type SimTrade,
  scheduleNextTrade,
} from './product-dynamics.js';
import { PumpScheduler } from './pumps.js';

const MINUTE_MS = 60_000;
/**
 * Longest stretch of trades generated in one step. A bigger clock jump (a suspended laptop, a test moving its
 * clock by hours) moves prices on without printing the trades, instead of blocking on millions of them.
 */
const MAX_CATCH_UP_MS = 5 * MINUTE_MS;

export interface MarketModelOptions {
  readonly seed: number;
  readonly tradeRateMultiplier: number;
  /** Minutes of history before `now`, generated whole. */
  readonly historyMinutes: number;
  /** Start instant: history ends at the start of this minute, live trading runs from there. */
  readonly now: number;
}

interface Listing {
  readonly state: ProductState;
  readonly book: CandleBook;
  readonly baseline: DayBaseline;
}

export class MarketModel {
  readonly products: readonly SimProduct[];
  /** Start of the first generated minute, epoch ms. */
  readonly historyStart: number;
  readonly #listings: readonly Listing[];
  readonly #byId: ReadonlyMap<string, Listing>;
  readonly #pumps: PumpScheduler;
  readonly #rateMultiplier: number;
  #time: number;

  constructor(products: readonly SimProduct[], options: MarketModelOptions) {
    const { seed, tradeRateMultiplier, historyMinutes, now } = options;
    const liveStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    this.products = products;
    this.historyStart = liveStart - historyMinutes * MINUTE_MS;
    this.#rateMultiplier = tradeRateMultiplier;
    this.#listings = products.map((product) => {
      const state = createProductState(product, seed, this.historyStart);
      return {
        state,
        book: new CandleBook(historyMinutes * MINUTE_MS, state.baseDecimals),
        baseline: createDayBaseline(state, seed, tradeRateMultiplier),
      };
    });
    this.#byId = new Map(this.#listings.map((listing) => [listing.state.product.id, listing]));
    this.#pumps = new PumpScheduler(
      seed,
      this.#listings.map((listing) => listing.state),
      this.historyStart,
    );
    this.#time = this.historyStart;
    this.#generateHistory(liveStart);
    for (const { state } of this.#listings) scheduleNextTrade(state, liveStart, tradeRateMultiplier);
    // The part of the current minute before `now` is traded for real, silently, so the first feed messages
    // and the in-progress candle continue from it.
    this.advanceTo(now);
  }

  #generateHistory(liveStart: number): void {
    for (let minute = this.historyStart; minute < liveStart; minute += MINUTE_MS) {
      while (this.#pumps.nextTime < minute + MINUTE_MS) this.#pumps.startNext();
      for (const { state, book } of this.#listings) {
        simulateHistoryMinute(state, minute, this.#rateMultiplier, book);
      }
    }
    this.#time = liveStart;
  }

  /** Generates every trade up to `time`, oldest first, and books them into the candles. */
  advanceTo(time: number): SimTrade[] {
    if (time <= this.#time) return [];
    if (time - this.#time > MAX_CATCH_UP_MS) this.#fastForward(time - MAX_CATCH_UP_MS);
    const trades: SimTrade[] = [];
    // Products are brought up to each pump's start before it is placed, so which product gets pumped does
    // not depend on how the timer loop sliced time.
    while (this.#pumps.nextTime <= time) {
      const pumpTime = this.#pumps.nextTime;
      for (const listing of this.#listings) this.#trade(listing, pumpTime, trades);
      const pumped = this.#pumps.startNext();
      // The next trade was drawn at the calm rate; redrawing picks up the pump's volume at once.
      if (pumped !== undefined) scheduleNextTrade(pumped, pumpTime, this.#rateMultiplier);
    }
    for (const listing of this.#listings) this.#trade(listing, time, trades);
    this.#time = time;
    return trades.sort((left, right) => left.time - right.time);
  }

  #trade({ state, book }: Listing, until: number, trades: SimTrade[]): void {
    while (state.nextTradeTime <= until) {
      const time = state.nextTradeTime;
      const trade = executeTrade(state, time);
      book.addTrade(time, trade.price, trade.size);
      trades.push(trade);
      scheduleNextTrade(state, time, this.#rateMultiplier);
    }
  }

  #fastForward(time: number): void {
    while (this.#pumps.nextTime <= time) this.#pumps.startNext();
    for (const { state } of this.#listings) {
      advanceState(state, time);
      scheduleNextTrade(state, time, this.#rateMultiplier);
    }
    this.#time = time;
  }

  has(productId: string): boolean {
    return this.#byId.has(productId);
  }

  product(productId: string): SimProduct | undefined {
    return this.#byId.get(productId)?.state.product;
  }

  /** Live state of a product (last trade, best bid and ask, counters); undefined for unknown ids. */
  state(productId: string): Readonly<ProductState> | undefined {
    return this.#byId.get(productId)?.state;
  }

  stats(productId: string, now: number): DayStats | undefined {
    const listing = this.#byId.get(productId);
    if (listing === undefined) return undefined;
    return dayStats(listing.state, listing.baseline, listing.book, this.historyStart, now);
  }

  candles(productId: string, start: number, end: number, granularityMs: number, limit: number): CandleRow[] {
    return this.#byId.get(productId)?.book.rows(start, end, granularityMs, limit) ?? [];
  }
}
