import type { Logger } from 'pino';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { RateBudget } from '../rate-budget.js';
import { meterBreaker, meterResponses } from '../upstream-metering.js';
import { CoinGeckoClient } from './coingecko-client.js';
import { CoinGeckoMarketData, type CoinGeckoMarketDataOptions } from './coingecko-market-data.js';

export interface CoinGeckoSetup extends Pick<CoinGeckoMarketDataOptions, 'refreshIntervalMs'> {
  baseUrl: string;
  apiKey: string | undefined;
  vsCurrency: string;
  userAgent: string;
  metrics: ServerMetrics;
  logger: Logger;
  clock: () => number;
}

/** CoinGecko as the server runs it: 30 calls a minute at most, counted and with its breaker in metrics. */
export function createCoinGecko(setup: CoinGeckoSetup): CoinGeckoMarketData {
  const { metrics } = setup;
  // The public API allows about 30 calls a minute: one every 2 s, no burst.
  const budget = new RateBudget({ ratePerSecond: 0.5, burst: 1, clock: setup.clock });
  const client = new CoinGeckoClient({
    baseUrl: setup.baseUrl,
    apiKey: setup.apiKey,
    userAgent: setup.userAgent,
    acquire: () => budget.acquire(),
    onResponse: meterResponses('coingecko', metrics, budget, 60_000),
  });
  meterBreaker('coingecko', client, metrics);
  return new CoinGeckoMarketData({
    client,
    vsCurrency: setup.vsCurrency,
    ...(setup.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: setup.refreshIntervalMs }),
    logger: setup.logger,
    metrics,
    clock: setup.clock,
  });
}
