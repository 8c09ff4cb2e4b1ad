import type { ServerMetrics } from '../../metrics/metrics.js';
import { RateBudget } from '../rate-budget.js';
import { meterBreaker, meterResponses } from '../upstream-metering.js';
import { CoinbaseRest } from './rest.js';

export interface CoinbaseRestSetup {
  baseUrl: string;
  /** Requests a second shared by every call of this process; undefined: no budget. */
  ratePerSecond: number | undefined;
  userAgent: string;
  metrics: ServerMetrics;
  clock: () => number;
}

/**
 * Coinbase REST as the server runs it: one budget for every call of this process (Coinbase allows 10 a second per
 * IP; a burst of 2 on top of the rate), calls counted, its breaker in metrics.
 */
export function createCoinbaseRest(setup: CoinbaseRestSetup): CoinbaseRest {
  const { metrics } = setup;
  const budget =
    setup.ratePerSecond === undefined
      ? undefined
      : new RateBudget({ ratePerSecond: setup.ratePerSecond, burst: 2, clock: setup.clock });
  const rest = new CoinbaseRest({
    baseUrl: setup.baseUrl,
    userAgent: setup.userAgent,
    ...(budget ? { acquire: () => budget.acquire() } : {}),
    onResponse: meterResponses('coinbase_rest', metrics, budget, 1000),
  });
  meterBreaker('coinbase_rest', rest, metrics);
  return rest;
}
