import type { Server } from 'node:http';
import type { Simulator } from '@cbmo4ers/simulator';
import { ClusterNode } from './cluster/cluster.js';
import { Collecting } from './compose/collecting.js';
import { createContext, type ServerContext, type StartOptions, VERSION } from './compose/context.js';
import { startHttp } from './compose/http.js';
import { startMarket } from './compose/market.js';
import type { Config } from './config.js';
import type { MarketEngine } from './engine/engine.js';
import type { ClusterRole } from './health/health.js';
import type { CoinbaseMarket } from './market/coinbase/market.js';
import type { CoinGeckoMarketData } from './market/coingecko/coingecko-market-data.js';
import type { ServerMetrics } from './metrics/metrics.js';
import type { SnapshotCollector } from './snapshots/collector.js';
import { MemorySnapshotStore } from './snapshots/snapshot-store.js';

export { createLogger, type StartOptions, VERSION } from './compose/context.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  /** Where /metrics is served when it has a listener of its own (METRICS_PORT); undefined with `main`. */
  readonly metricsUrl: string | undefined;
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

/**
 * Starts the whole server, in the order its parts depend on each other: the configuration's context, the market's
 * upstreams, the collecting (engine, adapter, collector), the cluster (with REDIS_URL), HTTP. Resolves once it
 * listens.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const context = createContext(config, options);
  const upstreams = await startMarket(context);
  const collecting = new Collecting(context, upstreams);
  const store = new MemorySnapshotStore();
  const cluster = createCluster(context, collecting, store);
  const role = (): ClusterRole => cluster?.role ?? 'standalone';

  if (cluster) await cluster.start();
  else collecting.start(store);
  const http = await startHttp(context, { store, upstreams, collecting, cluster, role });
  context.logger.info(
    { url: http.url, metricsUrl: http.metricsUrl, source: upstreams.source, version: VERSION, role: role() },
    'cbmo4ers server listening',
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await http.close();
      if (cluster) await cluster.close();
      else collecting.stop();
      await upstreams.simulator?.close();
    })();
    return closing;
  };
  return {
    url: http.url,
    metricsUrl: http.metricsUrl,
    server: http.server,
    metrics: context.metrics,
    store,
    get market() {
      return collecting.market;
    },
    engine: collecting.engine,
    get role() {
      return role();
    },
    cluster,
    coingecko: upstreams.coingecko,
    collector: collecting.collector,
    simulator: upstreams.simulator,
    close,
  };
}

/**
 * Step 4: with REDIS_URL, the replica's part in the scale-out. The lease decides when this replica collects, and
 * while it does, its snapshots go through the cluster, which serves them once Redis has them.
 */
function createCluster(
  context: ServerContext,
  collecting: Collecting,
  store: MemorySnapshotStore,
): ClusterNode | undefined {
  const { config, options, logger, clock } = context;
  if (!config.redisUrl) return undefined;
  const node: ClusterNode = new ClusterNode({
    redisUrl: config.redisUrl,
    store,
    staleAfterMs: config.staleAfterMs,
    startCollecting: () => collecting.start(node),
    stopCollecting: () => collecting.stop(),
    logger: logger.child({ component: 'cluster' }),
    clock,
    ...options.cluster,
  });
  return node;
}
