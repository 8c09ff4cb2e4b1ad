import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterNode } from '../cluster/cluster.js';
import type { ClusterRole } from '../health/health.js';
import { createApp } from '../http/app.js';
import { hardenServer } from '../http/harden.js';
import { SharedRateLimitStore } from '../http/shared-rate-limit-store.js';
import type { MemorySnapshotStore } from '../snapshots/snapshot-store.js';
import type { Collecting } from './collecting.js';
import { type ServerContext, VERSION } from './context.js';
import { dashboardDir } from './dashboard.js';
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
  });
  const server = hardenServer(createServer(built.app));
  await listen(server, config.port, config.host);
  return {
    server,
    url: urlOf(server.address() as AddressInfo),
    async close() {
      built.beginShutdown();
      built.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await drained;
      clearTimeout(timer);
    },
  };
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
