/**
 * The random process behind one product: a geometric random walk for the price (a mean-reverting one for pegged
 * coins), a slowly wandering activity level that makes hourly volumes differ, and the occasional pump or dump.
 * Every draw comes from the product's own stream, so the trades of one product do not depend on when the timer
 * loop happens to run or on what other products do.
 */
import type { LiquidityTier, SimProduct } from './catalog.js';
import { decimalsOf, roundTo } from './format.js';
import { deriveSeed, Random } from './random.js';

/** One simulated execution. Times are fractional epoch milliseconds so the wire can carry microseconds. */
export interface SimTrade {
  readonly productId: string;
  readonly tradeId: number;
  readonly sequence: number;
  readonly price: number;
  readonly size: number;
  readonly time: number;
  /** Side of the incoming (taker) order; a match message carries the maker side, the opposite. */
  readonly takerSide: 'buy' | 'sell';
  /** The book right after the trade, for the ticker message. */
  readonly bestBid: number;
  readonly bestAsk: number;
}

/** A steady drift in log price over a window: a pump when positive, a dump when negative. */
export interface Pump {
  readonly start: number;
  readonly end: number;
  readonly logDriftPerMs: number;
}

export interface ProductState {
  readonly product: SimProduct;
  readonly rng: Random;
  readonly canTrade: boolean;
  readonly quoteDecimals: number;
  readonly baseDecimals: number;
  readonly anchorLogPrice: number;
  /** Log-return standard deviation per square-root millisecond. */
  readonly volatility: number;
  readonly halfSpread: number;
  /** Order ids are hashed from this and the trade id when a message needs them, never drawn. */
  readonly orderSalt: number;
  /** The instant `logPrice` and `logActivity` stand for. */
  time: number;
  logPrice: number;
  logActivity: number;
  pump: Pump | undefined;
  nextTradeTime: number;
  /** Counters of the last trade: the next trade takes `tradeId + 1`. */
  tradeId: number;
  sequence: number;
  lastTrade: SimTrade;
  bestBid: number;
  bestAsk: number;
}

const MS_PER_DAY = 86_400_000;
// Activity is an Ornstein-Uhlenbeck process in log space: a 20-minute memory makes hour-to-hour volume change
// by tens of percent, which the 1-hour volume figures need to be interesting.
const ACTIVITY_MEMORY_MS = 20 * 60_000;
const ACTIVITY_SPREAD = 0.45;
// Pegged coins wander a few basis points around their peg and come back within minutes.
const PEG_MEMORY_MS = 10 * 60_000;
const PEG_SPREAD = 0.0004;
/** Trading picks up while a product is being pumped or dumped. */
export const PUMP_ACTIVITY_BOOST = 3;
const NOTIONAL_LOG_SPREAD = 1.3;
const MIN_NOTIONAL_USD = 5;
const MAX_NOTIONAL_USD = 50_000;

const HALF_SPREADS: Record<LiquidityTier, number> = {
  major: 0.00005,
  large: 0.0002,
  mid: 0.0004,
  small: 0.0008,
  thin: 0.002,
  stable: 0.00005,
};

export function createProductState(product: SimProduct, seed: number, startTime: number): ProductState {
  const rng = new Random(deriveSeed(seed, `product:${product.id}`));
  // Seeds move the starting level a little so different seeds give visibly different markets.
  const jitter = product.stablecoin ? 0 : 0.5 * product.dailyVolatility * rng.normal();
  const logPrice = Math.log(product.referencePrice) + jitter;
  const quoteDecimals = decimalsOf(product.quoteIncrement);
  const price = roundTo(Math.exp(logPrice), quoteDecimals);
  const tradeId = 1_000_000 + Math.floor(rng.next() * 900_000_000);
  const sequence = 1_000_000_000 + Math.floor(rng.next() * 9_000_000_000);
  const orderSalt = deriveSeed(seed, `orders:${product.id}`);
  const state: ProductState = {
    product,
    rng,
    canTrade: product.tradesPerSecond > 0,
    quoteDecimals,
    baseDecimals: decimalsOf(product.baseIncrement),
    anchorLogPrice: logPrice,
    volatility: product.dailyVolatility / Math.sqrt(MS_PER_DAY),
    halfSpread: HALF_SPREADS[product.tier],
    orderSalt,
    time: startTime,
    logPrice,
    logActivity: ACTIVITY_SPREAD * rng.normal(),
    pump: undefined,
    nextTradeTime: Number.POSITIVE_INFINITY,
    tradeId,
    sequence,
    // Products that never trade (delisted, disabled) still answer /ticker, with this last known trade.
    lastTrade: {
      productId: product.id,
      tradeId,
      sequence,
      price,
      size: roundTo(product.medianNotional / product.usdPerQuote / price, decimalsOf(product.baseIncrement)),
      time: startTime,
      takerSide: 'buy',
      bestBid: price,
      bestAsk: price,
    },
    bestBid: price,
    bestAsk: price,
  };
  quoteAround(state, Math.exp(logPrice));
  return state;
}

/** Moves the price and activity processes forward to `time` (no-op for earlier times). */
export function advanceState(state: ProductState, time: number): void {
  const elapsed = time - state.time;
  if (elapsed <= 0) return;
  const { rng } = state;
  const activityDecay = Math.exp(-elapsed / ACTIVITY_MEMORY_MS);
  state.logActivity =
    state.logActivity * activityDecay + ACTIVITY_SPREAD * Math.sqrt(1 - activityDecay ** 2) * rng.normal();
  if (state.product.stablecoin) {
    const pegDecay = Math.exp(-elapsed / PEG_MEMORY_MS);
    const deviation = (state.logPrice - state.anchorLogPrice) * pegDecay;
    state.logPrice =
      state.anchorLogPrice + deviation + PEG_SPREAD * Math.sqrt(1 - pegDecay ** 2) * rng.normal();
  } else {
    state.logPrice +=
      state.volatility * Math.sqrt(elapsed) * rng.normal() + pumpDrift(state.pump, state.time, time);
  }
  if (state.pump !== undefined && state.pump.end <= time) state.pump = undefined;
  state.time = time;
}

function pumpDrift(pump: Pump | undefined, from: number, to: number): number {
  if (pump === undefined) return 0;
  const overlap = Math.min(to, pump.end) - Math.max(from, pump.start);
  return overlap > 0 ? pump.logDriftPerMs * overlap : 0;
}

export function isPumping(state: ProductState, time: number): boolean {
  return state.pump !== undefined && state.pump.start <= time && time < state.pump.end;
}

/** Mean trades per second right now. */
export function tradeRate(state: ProductState, time: number, rateMultiplier: number): number {
  if (!state.canTrade) return 0;
  // Subtracting half the variance keeps the long-run mean rate equal to the catalog's figure.
  const activity = Math.exp(state.logActivity - ACTIVITY_SPREAD ** 2 / 2);
  const boost = isPumping(state, time) ? PUMP_ACTIVITY_BOOST : 1;
  return state.product.tradesPerSecond * rateMultiplier * activity * boost;
}

/** Draws the time of the next trade after `from`; a Poisson process, so redrawing at any instant is fair. */
export function scheduleNextTrade(state: ProductState, from: number, rateMultiplier: number): void {
  const rate = tradeRate(state, from, rateMultiplier);
  state.nextTradeTime = rate > 0 ? from + state.rng.exponential(rate / 1000) : Number.POSITIVE_INFINITY;
}

/** Sets the best bid and ask one half-spread around `mid`, at least one tick apart. */
function quoteAround(state: ProductState, mid: number): void {
  const tick = 10 ** -state.quoteDecimals;
  const bid = Math.max(tick, Math.floor((mid * (1 - state.halfSpread)) / tick) * tick);
  const ask = Math.max(bid + tick, Math.ceil((mid * (1 + state.halfSpread)) / tick) * tick);
  state.bestBid = roundTo(bid, state.quoteDecimals);
  state.bestAsk = roundTo(ask, state.quoteDecimals);
}

/** Mean base size of a trade at `price`, for volumes that are estimated rather than drawn trade by trade. */
export function meanTradeSize(state: ProductState, price: number): number {
  const { medianNotional, usdPerQuote } = state.product;
  return (medianNotional * Math.exp(NOTIONAL_LOG_SPREAD ** 2 / 2)) / usdPerQuote / price;
}

/** Coefficient of variation of one trade's size, for the same estimates. */
export const TRADE_SIZE_VARIATION = Math.sqrt(Math.exp(NOTIONAL_LOG_SPREAD ** 2) - 1);

/** Draws one trade's base size: log-normal notional in dollars, clamped to a plausible range. */
export function drawTradeSize(state: ProductState, price: number): number {
  const { medianNotional, usdPerQuote, baseIncrement } = state.product;
  const notional = Math.min(
    MAX_NOTIONAL_USD,
    Math.max(MIN_NOTIONAL_USD, medianNotional * Math.exp(NOTIONAL_LOG_SPREAD * state.rng.normal())),
  );
  return Math.max(Number(baseIncrement), roundTo(notional / usdPerQuote / price, state.baseDecimals));
}

/** Moves to `time` and picks the side and price of a trade there, without taking ids for it. */
export function priceTrade(state: ProductState, time: number): { takerSide: 'buy' | 'sell'; price: number } {
  advanceState(state, time);
  quoteAround(state, Math.exp(state.logPrice));
  // Pumps are driven by buyers and dumps by sellers, as the tape of a real one shows.
  const drift = isPumping(state, time) ? Math.sign(state.pump?.logDriftPerMs ?? 0) : 0;
  const takerSide = state.rng.next() < 0.5 + 0.2 * drift ? 'buy' : 'sell';
  return { takerSide, price: takerSide === 'buy' ? state.bestAsk : state.bestBid };
}

/** Takes the next trade id and sequence for a trade priced by priceTrade and makes it the last trade. */
export function recordTrade(
  state: ProductState,
  time: number,
  takerSide: 'buy' | 'sell',
  price: number,
  size: number,
): SimTrade {
  const tradeId = state.tradeId + 1;
  // Order-book events between matches also take sequence numbers, so matches skip a few.
  const sequence = state.sequence + state.rng.int(1, 6);
  state.tradeId = tradeId;
  state.sequence = sequence;
  state.lastTrade = {
    productId: state.product.id,
    tradeId,
    sequence,
    price,
    size,
    time,
    takerSide,
    bestBid: state.bestBid,
    bestAsk: state.bestAsk,
  };
  return state.lastTrade;
}

/** Executes one live trade at `time`. */
export function executeTrade(state: ProductState, time: number): SimTrade {
  const { takerSide, price } = priceTrade(state, time);
  return recordTrade(state, time, takerSide, price, drawTradeSize(state, price));
}
