import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Simulator, type SimulatorOptions, startSimulator } from '@cbmo4ers/simulator';
import { type Logger, pino } from 'pino';
import { ClusterNode, type ClusterOptions } from './cluster/cluster.js';
import type { Config } from './config.js';
import { MarketEngine } from './engine/engine.js';
import type { ClusterRole } from './health/health.js';
import { createApp } from './http/app.js';
import { hardenServer } from './http/harden.js';
import { SharedRateLimitStore } from './http/shared-rate-limit-store.js';
import { CoinbaseMarket, type CoinbaseMarketOptions } from './market/coinbase/market.js';
import { CoinbaseRest, UpstreamError } from './market/coinbase/rest.js';
import type { CoinGeckoMarketData } from './market/coingecko/coingecko-market-data.js';
import { createCoinGecko } from './market/coingecko/setup.js';
import { RateBudget } from './market/rate-budget.js';
import { ServerMetrics } from './metrics/metrics.js';
import { SnapshotCollector } from './snapshots/collector.js';
import type { Snapshot } from './snapshots/snapshot.js';
import { MemorySnapshotStore } from './snapshots/snapshot-store.js';

export interface StartOptions {
  logger?: Logger;
  clock?: () => number;
  /** Options for the embedded simulator (tests pass fault-friendly settings). */
  simulator?: SimulatorOptions;
  /** Adapter tuning (tests shorten feed timeouts and repair intervals). */
  market?: Partial<Pick<CoinbaseMarketOptions, 'feedTimeouts' | 'candleRepairIntervalMs' | 'concurrency'>>;
  streamPingIntervalMs?: number;
  /** Receives unhandled request errors (Sentry when SENTRY_DSN is set). */
  reportError?: (error: unknown, context: Record<string, unknown>) => void;
  /** How often CoinGecko is read (tests shorten it). @default 300000 */
  coingeckoRefreshIntervalMs?: number;
  /** Lease and warm-up timing with REDIS_URL (tests shorten them). */
  cluster?: Partial<Pick<ClusterOptions, 'leaseTtlMs' | 'pollIntervalMs' | 'warmUpMaxMs' | 'keyPrefix'>>;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  server: Server;
  metrics: ServerMetrics;
  store: MemorySnapshotStore;
  /** The market adapter while this replica collects; undefined on a follower. */
  readonly market: CoinbaseMarket | undefined;
  engine: MarketEngine;
  /** `standalone` without REDIS_URL, else this replica's current role. */
  readonly role: ClusterRole;
  /** Names, market caps and the 1-hour cross-check; undefined without CoinGecko. */
  coingecko: CoinGeckoMarketData | undefined;
  /** The Redis scale-out part; undefined without REDIS_URL. */
  cluster: ClusterNode | undefined;
  collector: SnapshotCollector;
  /** The embedded simulator when MARKET_SOURCE=simulated. */
  simulator: Simulator | undefined;
  /** Drains: readiness 503, streams ended, in-flight requests finished, then everything stopped. */
  close(): Promise<void>;
}

export const VERSION: string = (() => {
  try {
    const manifest = readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8');
    return String((JSON.parse(manifest) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
})();

const MONOREPO_DASHBOARD = fileURLToPath(new URL('../../../examples/dashboard/dist', import.meta.url));

/**
 * The server's logger: JSON lines to `destination` (stdout by default). Asynchronous, so a request log line
 * never costs a blocking write syscall on the hot path; pino flushes what is buffered when the process exits.
 * `maxWrite` bounds each buffered chunk: sonic-boom measures the byte length of the chunk a line is appended to
 * on every write, which flattens the whole chunk, so under load its default of 16 KiB copied about 7 KB per
 * request log line (bench/RESULTS.md §1c); with 2 KiB chunks that copy stays under 2 KB, and each chunk is one
 * write.
 */
export function createLogger(level: string, destination: number | string = 1): Logger {
  return pino(
    { level, base: { service: 'cbmo4ers-server' } },
    pino.destination({ dest: destination, sync: false, maxWrite: 2048 }),
  );
}

/** Starts the whole server: market source, engine, collector, HTTP. Resolves once it listens. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const metrics = new ServerMetrics();

  const simulator =
    config.marketSource === 'simulated'
      ? await startSimulator({ seed: config.simulatorSeed, ...options.simulator })
      : undefined;
  const restUrl = simulator?.restUrl ?? config.coinbaseRestUrl;
  const wsUrl = simulator?.wsUrl ?? config.coinbaseWsUrl;

  const engine = new MarketEngine({
    quoteCurrency: config.quoteCurrency,
    stablecoins: config.stablecoins,
    minVolumeUsd: config.minVolumeUsd,
    // CoinGecko's figure when it knows the asset; rows say null otherwise.
    marketCapOf: (base) => coingecko?.marketCapOf(base),
  });
  // One budget for every Coinbase REST call of this process (Coinbase allows 10 a second per IP).
  const restBudget =
    config.coinbaseRestRate === undefined
      ? undefined
      : new RateBudget({ ratePerSecond: config.coinbaseRestRate, burst: 2, clock });
  const rest = new CoinbaseRest({
    baseUrl: restUrl,
    userAgent: `cbmo4ers-server/${VERSION}`,
    ...(restBudget ? { acquire: () => restBudget.acquire() } : {}),
    onResponse: ({ status, error }) => {
      metrics.upstreamMessages.inc({ upstream: 'coinbase_rest' });
      if (error) metrics.upstreamErrors.inc({ upstream: 'coinbase_rest' });
      if (status === 429 && error instanceof UpstreamError) restBudget?.pause(error.retryAfterMs ?? 1000);
    },
  });
  rest.onBreakerChange((state) =>
    metrics.breakerOpen.set({ upstream: 'coinbase_rest' }, state === 'closed' ? 0 : 1),
  );
  metrics.breakerOpen.set({ upstream: 'coinbase_rest' }, 0);
  const source = simulator ? 'simulated' : 'coinbase';
  const store = new MemorySnapshotStore();
  let market: CoinbaseMarket | undefined;
  let marketRuns = 0;
  const cluster = config.redisUrl
    ? new ClusterNode({
        redisUrl: config.redisUrl,
        store,
        staleAfterMs: config.staleAfterMs,
        startCollecting: () => startCollecting(),
        stopCollecting: () => stopCollecting(),
        logger: logger.child({ component: 'cluster' }),
        clock,
        ...options.cluster,
      })
    : undefined;
  const collector = new SnapshotCollector({
    engine,
    store: cluster ?? store,
    lastUpstreamMessageAt: () => market?.status().feed.lastMessageAt,
    source,
    intervalMs: config.snapshotIntervalMs,
    staleAfterMs: config.staleAfterMs,
    clock,
    metrics,
    logger,
  });
  const coingecko: CoinGeckoMarketData | undefined = config.coingeckoUrl
    ? createCoinGecko({
        baseUrl: config.coingeckoUrl,
        apiKey: config.coingeckoApiKey,
        vsCurrency: config.quoteCurrency,
        userAgent: `cbmo4ers-server/${VERSION}`,
        ourPriceChanges1h: () => priceChanges1h(store.current()),
        onRefresh: () => market?.applyNames(),
        metrics,
        logger: logger.child({ component: 'coingecko' }),
        clock,
        ...(options.coingeckoRefreshIntervalMs === undefined
          ? {}
          : { refreshIntervalMs: options.coingeckoRefreshIntervalMs }),
      })
    : undefined;
  // A stopped adapter cannot restart: each time this replica (re)starts collecting it gets a new one, on the same
  // engine, so history kept from an earlier run is only topped up.
  function startCollecting(): void {
    market = new CoinbaseMarket({
      rest,
      wsUrl,
      engine,
      quoteCurrency: config.quoteCurrency,
      stablecoins: config.stablecoins,
      logger: logger.child({ component: 'market' }),
      metrics,
      clock,
      ...options.market,
      ...(marketRuns > 0 ? { backfillMinutes: 0 } : {}),
      ...(coingecko ? { nameOf: (base: string) => coingecko.nameOf(base) } : {}),
    });
    marketRuns += 1;
    market.start();
    coingecko?.start();
    collector.start();
  }
  function stopCollecting(): void {
    collector.stop();
    coingecko?.stop();
    market?.stop();
    market = undefined;
  }
  const role = (): ClusterRole => cluster?.role ?? 'standalone';

  const built = createApp({
    config,
    snapshots: store,
    ...(options.reportError ? { reportError: options.reportError } : {}),
    metrics,
    logger,
    clock,
    staticDir: config.serveDashboard ? (config.dashboardDir ?? MONOREPO_DASHBOARD) : undefined,
    rateLimitStore: cluster
      ? new SharedRateLimitStore({
          sendCommand: (command, ...args) => cluster.redis.call(command, ...args),
          prefix: `${options.cluster?.keyPrefix ?? 'cbm:'}rl:`,
          clock,
          logger,
        })
      : undefined,
    healthInputs: () => ({
      version: VERSION,
      startedAt,
      source,
      staleAfterMs: config.staleAfterMs,
      cacheBackend: cluster ? 'redis' : 'memory',
      market: market?.status(),
      coingecko: market ? coingecko?.status() : undefined,
      role: role(),
      redis: cluster ? (cluster.redisUp ? 'up' : 'down') : undefined,
    }),
    ...(options.streamPingIntervalMs === undefined
      ? {}
      : { streamPingIntervalMs: options.streamPingIntervalMs }),
  });

  const server = hardenServer(createServer(built.app));

  if (cluster) await cluster.start();
  else startCollecting();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, source, version: VERSION, role: role() }, 'cbmo4ers server listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      built.beginShutdown();
      built.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await drained;
      clearTimeout(timer);
      if (cluster) await cluster.close();
      else stopCollecting();
      await simulator?.close();
    })();
    return closing;
  };

  return {
    url,
    server,
    metrics,
    store,
    get market() {
      return market;
    },
    engine,
    get role() {
      return role();
    },
    cluster,
    coingecko,
    collector,
    simulator,
    close,
  };
}

/** Our 1-hour price change per base symbol, read from the snapshot being served (for the CoinGecko cross-check). */
function priceChanges1h(snapshot: Snapshot | undefined): Map<string, number> {
  const changes = new Map<string, number>();
  for (const row of snapshot?.toData().rows.topBanner ?? []) {
    const { base, price_change_1h: change } = JSON.parse(row) as { base: string; price_change_1h: number };
    changes.set(base, change);
  }
  return changes;
}
