import type { DataSource } from '@cbmo4ers/contract';
import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import type { CoinbaseRest } from '../market/coinbase/rest.js';
import { createCoinbaseRest } from '../market/coinbase/setup.js';
import type { CoinGeckoMarketData } from '../market/coingecko/coingecko-market-data.js';
import { createCoinGecko } from '../market/coingecko/setup.js';
import { type ServerContext, USER_AGENT } from './context.js';

/** The upstreams this server reads, before anything reads them. */
export interface MarketUpstreams {
  /** What envelopes and health call the data's origin. */
  readonly source: Extract<DataSource, 'simulated' | 'coinbase'>;
  /** The embedded fake exchange when MARKET_SOURCE=simulated; the Coinbase URLs point at it. */
  readonly simulator: Simulator | undefined;
  readonly rest: CoinbaseRest;
  readonly wsUrl: string;
  /** Names, market caps and the 1-hour cross-check; undefined without COINGECKO_URL. */
  readonly coingecko: CoinGeckoMarketData | undefined;
}

/** Step 2: the market's upstreams: the simulator (when simulated), Coinbase REST and the feed URL, CoinGecko. */
export async function startMarket(context: ServerContext): Promise<MarketUpstreams> {
  const { config, options, metrics, clock } = context;
  const simulator =
    config.marketSource === 'simulated'
      ? await startSimulator({ seed: config.simulatorSeed, ...options.simulator })
      : undefined;
  const rest = createCoinbaseRest({
    baseUrl: simulator?.restUrl ?? config.coinbaseRestUrl,
    ratePerSecond: config.coinbaseRestRate,
    userAgent: USER_AGENT,
    metrics,
    clock,
  });
  const coingecko = config.coingeckoUrl
    ? createCoinGecko({
        baseUrl: config.coingeckoUrl,
        apiKey: config.coingeckoApiKey,
        vsCurrency: config.quoteCurrency,
        userAgent: USER_AGENT,
        metrics,
        logger: context.logger.child({ component: 'coingecko' }),
        clock,
        ...(options.coingeckoRefreshIntervalMs === undefined
          ? {}
          : { refreshIntervalMs: options.coingeckoRefreshIntervalMs }),
      })
    : undefined;
  return {
    source: simulator ? 'simulated' : 'coinbase',
    simulator,
    rest,
    wsUrl: simulator?.wsUrl ?? config.coinbaseWsUrl,
    coingecko,
  };
}
