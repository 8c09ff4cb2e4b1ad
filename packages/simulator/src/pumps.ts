/**
 * Market-wide schedule of pumps and dumps: a Poisson stream of events, each moving one product by 3-15 % over
 * 1-3 minutes, so the 3-minute gainers and losers tables always have something on both sides. A plain random
 * walk at realistic volatility moves a product well under 1 % in 3 minutes.
 */
import type { LiquidityTier } from './catalog.js';
import { advanceState, type ProductState } from './product-dynamics.js';
import { deriveSeed, Random } from './random.js';

const MEAN_GAP_MS = 25_000;
const MIN_DURATION_MS = 60_000;
const MAX_DURATION_MS = 180_000;
const MIN_MOVE = 0.03;
const MAX_MOVE = 0.15;
// How strongly a product that has drifted from its starting level is pushed back by the sign of its next
// pump: without it, pumps alone would wander prices off by tens of percent a day.
const REVERSION_STRENGTH = 8;
// Deep books move less: a 15 % swing in three minutes is a small-cap event, not an ETH one.
const MOVE_SCALE: Record<LiquidityTier, number> = {
  major: 0.25,
  large: 0.6,
  mid: 1,
  small: 1,
  thin: 1,
  stable: 0,
};

export class PumpScheduler {
  readonly #rng: Random;
  readonly #eligible: readonly ProductState[];
  /** When the next pump starts, epoch ms. */
  nextTime: number;

  constructor(seed: number, states: readonly ProductState[], startTime: number) {
    this.#rng = new Random(deriveSeed(seed, 'pumps'));
    this.#eligible = states.filter((state) => state.canTrade && !state.product.stablecoin);
    this.nextTime = startTime + this.#rng.exponential(1 / MEAN_GAP_MS);
  }

  /**
   * Starts the pump due at `nextTime` and schedules the one after. Callers first bring every product up to
   * `nextTime`, so the choice depends only on the seed, never on timer jitter. Returns the pumped product.
   */
  startNext(): ProductState | undefined {
    const rng = this.#rng;
    const start = this.nextTime;
    this.nextTime = start + rng.exponential(1 / MEAN_GAP_MS);
    if (this.#eligible.length === 0) return undefined;
    // A few tries to find a product that is not already moving; giving up just skips this pump.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const state = this.#eligible[rng.int(0, this.#eligible.length - 1)];
      if (state === undefined || (state.pump !== undefined && state.pump.end > start)) continue;
      // Settles any earlier pump's drift before this one replaces it.
      advanceState(state, start);
      const move = (MIN_MOVE + (MAX_MOVE - MIN_MOVE) * rng.next() ** 2) * MOVE_SCALE[state.product.tier];
      const deviation = state.logPrice - state.anchorLogPrice;
      const up = rng.next() < 1 / (1 + Math.exp(REVERSION_STRENGTH * deviation));
      const duration = rng.uniform(MIN_DURATION_MS, MAX_DURATION_MS);
      const logMove = up ? Math.log(1 + move) : Math.log(1 - move);
      state.pump = { start, end: start + duration, logDriftPerMs: logMove / duration };
      return state;
    }
    return undefined;
  }
}
