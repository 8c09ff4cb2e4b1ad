import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ClusterNode } from '../cluster/cluster.js';
import type { ClusterRole } from '../health/health.js';
import { type BuiltApp, createApp } from '../http/app.js';
import { errorHandler, notFound } from '../http/errors.js';
import { hardenServer } from '../http/harden.js';
import { SharedRateLimitStore } from '../http/shared-rate-limit-store.js';
import type { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import type { Collecting } from './collecting.js';
import { type ServerContext, VERSION } from './context.js';
import { dashboardDir } from './dashboard.js';
import { drainable } from './drain.js';
import type { MarketUpstreams } from './market.js';

/** What the HTTP layer serves from. */
export interface HttpSources {
  readonly store: MemorySnapshotStore;
  readonly upstreams: MarketUpstreams;
  readonly collecting: Collecting;
  readonly cluster: ClusterNode | undefined;
  readonly role: () => ClusterRole;
}

export interface ListeningHttp {
  readonly server: Server;
  /** e.g. http://127.0.0.1:5001 */
  readonly url: string;
  /** The /metrics listener's URL; undefined when metrics are served on the main port (METRICS_PORT=main). */
  readonly metricsUrl: string | undefined;
  /** Readiness 503, streams ended, in-flight requests finished (cut after SHUTDOWN_TIMEOUT_MS). */
  close(): Promise<void>;
}

/** Step 5: the app over the snapshot store, on a hardened node:http server; resolves once it listens. */
export async function startHttp(context: ServerContext, sources: HttpSources): Promise<ListeningHttp> {
  const { config, options, metrics, logger, clock } = context;
  const { store, upstreams, collecting, cluster, role } = sources;
  const built = createApp({
    config,
    snapshots: store,
    ...(options.reportError ? { reportError: options.reportError } : {}),
    metrics,
    logger,
    clock,
    staticDir: config.serveDashboard ? (config.dashboardDir ?? dashboardDir()) : undefined,
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
      startedAt: context.startedAt,
      source: upstreams.source,
      staleAfterMs: config.staleAfterMs,
      cacheBackend: cluster ? 'redis' : 'memory',
      market: collecting.market?.status(),
      coingecko: collecting.market ? upstreams.coingecko?.status() : undefined,
      role: role(),
      redis: cluster ? (cluster.redisUp ? 'up' : 'down') : undefined,
    }),
    ...(options.streamPingIntervalMs === undefined
      ? {}
      : { streamPingIntervalMs: options.streamPingIntervalMs }),
    metricsOnMainPort: config.metricsPort === 'main',
  });
  built.stream.setLimits({
    maxPerClient: config.streamMaxPerClient,
    maxTotal: config.streamMaxTotal,
    maxTotalBufferedBytes: config.streamMaxBufferedBytes,
  });
  const server = limitServer(
    hardenServer(createServer({ connectionsCheckingInterval: CHECK_INTERVAL_MS }, built.app)),
    context.config,
  );
  const drain = drainable(server);
  const metricsServer = await startMetrics(context, built);
  await listen(server, config.port, config.host);
  return {
    server,
    url: urlOf(server.address() as AddressInfo),
    metricsUrl: metricsServer && urlOf(metricsServer.address() as AddressInfo),
    async close() {
      built.beginShutdown();
      built.close();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await drain(Math.min(IDLE_GRACE_MS, config.shutdownTimeoutMs));
      clearTimeout(timer);
      if (metricsServer) await closeNow(metricsServer);
    },
  };
}

/**
 * How often Node checks headers and request timeouts (its default, 30 s, let a socket that never finished its
 * headers live up to 30 s past HEADERS_TIMEOUT_MS).
 */
const CHECK_INTERVAL_MS = 1000;
/** How long an idle keep-alive connection may still send a request while draining (answered, then closed). */
const IDLE_GRACE_MS = 1000;

/** The connection cap and the timeouts of the configuration, over hardenServer's. */
function limitServer(server: Server, config: ServerContext['config']): Server {
  server.maxConnections = config.maxConnections;
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  return server;
}

/**
 * `/metrics` on a listener of its own (METRICS_PORT on METRICS_HOST, loopback by default): scrapes cost
 * nothing on the API port, and a flood of them cannot reach the API's clients. None with METRICS_PORT=main.
 */
async function startMetrics(context: ServerContext, built: BuiltApp): Promise<Server | undefined> {
  const { config, logger, options } = context;
  if (config.metricsPort === 'main') return undefined;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(built.metrics);
  app.use(notFound);
  app.use(errorHandler(logger, options.reportError));
  const server = hardenServer(createServer(app));
  server.maxConnections = 100;
  await listen(server, config.metricsPort, config.metricsHost);
  return server;
}

function closeNow(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The URL to reach the server on; a wildcard listener is reached on loopback. */
function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}
