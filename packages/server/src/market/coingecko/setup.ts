import type { Logger } from 'pino';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { RateBudget } from '../rate-budget.js';
import { UpstreamError } from '../upstream-client.js';
import { CoinGeckoClient } from './coingecko-client.js';
import { CoinGeckoMarketData, type CoinGeckoMarketDataOptions } from './coingecko-market-data.js';

export interface CoinGeckoSetup
  extends Pick<CoinGeckoMarketDataOptions, 'ourPriceChanges1h' | 'onRefresh' | 'refreshIntervalMs'> {
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
    onResponse: ({ status, error }) => {
      metrics.upstreamMessages.inc({ upstream: 'coingecko' });
      if (error) metrics.upstreamErrors.inc({ upstream: 'coingecko' });
      if (status === 429 && error instanceof UpstreamError) budget.pause(error.retryAfterMs ?? 60_000);
    },
  });
  metrics.breakerOpen.set({ upstream: 'coingecko' }, 0);
  client.onBreakerChange((state) =>
    metrics.breakerOpen.set({ upstream: 'coingecko' }, state === 'closed' ? 0 : 1),
  );
  return new CoinGeckoMarketData({
    client,
    vsCurrency: setup.vsCurrency,
    ourPriceChanges1h: setup.ourPriceChanges1h,
    ...(setup.onRefresh ? { onRefresh: setup.onRefresh } : {}),
    ...(setup.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: setup.refreshIntervalMs }),
    logger: setup.logger,
    metrics,
    clock: setup.clock,
  });
}
