import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import type { Config } from './config.js';
import { MarketEngine } from './engine/engine.js';
import { createApp } from './http/app.js';
import { hardenServer } from './http/harden.js';
import { CoinbaseMarket, type CoinbaseMarketOptions } from './market/coinbase/market.js';
import { CoinbaseRest } from './market/coinbase/rest.js';
import { type Simulator, type SimulatorOptions, startSimulator } from './market/simulator/simulator.js';
import { ServerMetrics } from './metrics/metrics.js';
import { SnapshotCollector } from './snapshots/collector.js';
import { MemorySnapshotStore } from './snapshots/snapshot-store.js';

export interface StartOptions {
  logger?: Logger;
  clock?: () => number;
  /** Options for the embedded simulator (tests pass fault-friendly settings). */
  simulator?: SimulatorOptions;
  /** Adapter tuning (tests shorten feed timeouts and repair intervals). */
  market?: Partial<Pick<CoinbaseMarketOptions, 'feedTimeouts' | 'candleRepairIntervalMs' | 'concurrency'>>;
  streamPingIntervalMs?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  server: Server;
  metrics: ServerMetrics;
  store: MemorySnapshotStore;
  market: CoinbaseMarket;
  engine: MarketEngine;
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

/** Starts the whole server: market source, engine, collector, HTTP. Resolves once it listens. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'cbmo4ers-server' } });
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
  });
  const rest = new CoinbaseRest({
    baseUrl: restUrl,
    userAgent: `cbmo4ers-server/${VERSION}`,
    onResponse: ({ error }) => {
      metrics.upstreamMessages.inc({ upstream: 'coinbase_rest' });
      if (error) metrics.upstreamErrors.inc({ upstream: 'coinbase_rest' });
    },
  });
  rest.onBreakerChange((state) =>
    metrics.breakerOpen.set({ upstream: 'coinbase_rest' }, state === 'closed' ? 0 : 1),
  );
  metrics.breakerOpen.set({ upstream: 'coinbase_rest' }, 0);
  const market = new CoinbaseMarket({
    rest,
    wsUrl,
    engine,
    quoteCurrency: config.quoteCurrency,
    stablecoins: config.stablecoins,
    logger: logger.child({ component: 'market' }),
    metrics,
    clock,
    ...options.market,
  });
  const store = new MemorySnapshotStore();
  const collector = new SnapshotCollector({
    engine,
    store,
    lastUpstreamMessageAt: () => market.status().feed.lastMessageAt,
    source: simulator ? 'simulated' : 'coinbase',
    intervalMs: config.snapshotIntervalMs,
    staleAfterMs: config.staleAfterMs,
    clock,
    metrics,
    logger,
  });

  const built = createApp({
    config,
    snapshots: store,
    metrics,
    logger,
    clock,
    staticDir: config.serveDashboard ? (config.dashboardDir ?? MONOREPO_DASHBOARD) : undefined,
    healthInputs: () => ({
      version: VERSION,
      startedAt,
      source: simulator ? 'simulated' : 'coinbase',
      staleAfterMs: config.staleAfterMs,
      cacheBackend: 'memory',
      market: market.status(),
      role: 'standalone',
    }),
    ...(options.streamPingIntervalMs === undefined
      ? {}
      : { streamPingIntervalMs: options.streamPingIntervalMs }),
  });

  const server = hardenServer(createServer(built.app));

  market.start();
  collector.start();
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
  logger.info(
    { url, source: simulator ? 'simulated' : 'coinbase', version: VERSION },
    'cbmo4ers server listening',
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      built.beginShutdown();
      built.stream.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await drained;
      clearTimeout(timer);
      collector.stop();
      market.stop();
      await simulator?.close();
    })();
    return closing;
  };

  return { url, server, metrics, store, market, engine, collector, simulator, close };
}
