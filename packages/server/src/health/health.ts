import type { ClusterRole, DataSource, HealthDocument, HealthStatus } from '@cbmo4ers/contract';
import type { MarketStatus } from '../market/coinbase/market.js';
import type { CoinGeckoStatus } from '../market/coingecko/coingecko-market-data.js';
import type { Snapshot } from '../snapshots/snapshot.js';

export type { ClusterRole, HealthDocument } from '@cbmo4ers/contract';

/** Everything the health document is built from: state the server already holds, never an upstream call. */
export interface HealthInputs {
  version: string;
  startedAt: number;
  source: DataSource;
  staleAfterMs: number;
  cacheBackend: 'memory' | 'redis';
  snapshot: Snapshot | undefined;
  /** Undefined on a follower replica, which talks to no upstream. */
  market: MarketStatus | undefined;
  /** Undefined when CoinGecko is not used, or on a follower. */
  coingecko?: CoinGeckoStatus | undefined;
  streamClients: number;
  role: ClusterRole;
  /** With REDIS_URL: whether Redis answers; undefined when standalone. */
  redis?: 'up' | 'down' | undefined;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * `unhealthy` when there is nothing to serve; `degraded` when serving but something is stale, a breaker is open,
 * the feed is down or the data is still warming up; else `healthy`.
 */
export function buildHealth(inputs: HealthInputs, now: number): HealthDocument {
  const { snapshot, market } = inputs;
  const snapshotAgeMs = snapshot ? Math.max(0, now - snapshot.meta.asOf) : undefined;
  const stale = snapshot === undefined || snapshot.meta.stale || (snapshotAgeMs ?? 0) > inputs.staleAfterMs;
  const upstreams: HealthDocument['upstreams'] = {};
  let upstreamTrouble = false;
  if (market) {
    const lastMessageAt = market.feed.lastMessageAt;
    upstreams.coinbase_ws = {
      state: market.feed.state,
      last_message_age_seconds:
        lastMessageAt === undefined ? null : seconds(Math.max(0, now - lastMessageAt)),
      reconnects: market.feed.reconnects,
    };
    upstreams.coinbase_rest = {
      state: market.rest.breaker === 'closed' ? 'up' : 'down',
      breaker: market.rest.breaker,
      last_error: market.rest.lastError,
    };
    upstreamTrouble = market.feed.state !== 'up' || market.rest.breaker !== 'closed';
  }
  const coingecko = inputs.coingecko;
  if (coingecko) {
    upstreams.coingecko = {
      state: coingecko.state,
      breaker: coingecko.breaker,
      last_error: coingecko.lastError,
      coins: coingecko.coins,
      last_success_age_seconds:
        coingecko.lastSuccessAt === undefined ? null : seconds(Math.max(0, now - coingecko.lastSuccessAt)),
    };
    upstreamTrouble ||= coingecko.breaker !== 'closed';
  }
  const warm = snapshot?.meta.warm ?? false;
  const status: HealthStatus =
    snapshot === undefined
      ? 'unhealthy'
      : stale || upstreamTrouble || !warm || inputs.redis === 'down'
        ? 'degraded'
        : 'healthy';
  return {
    status,
    timestamp: new Date(now).toISOString(),
    version: inputs.version,
    uptime_seconds: seconds(now - inputs.startedAt),
    source: inputs.source,
    upstreams,
    cache: {
      backend: inputs.cacheBackend,
      snapshot_age_seconds: snapshotAgeMs === undefined ? null : seconds(snapshotAgeMs),
      stale,
    },
    data: {
      products_tracked: snapshot?.meta.productsTracked ?? 0,
      history_seconds: snapshot?.meta.historySeconds ?? 0,
      warm,
    },
    stream: { clients: inputs.streamClients },
    cluster: inputs.redis === undefined ? { role: inputs.role } : { role: inputs.role, redis: inputs.redis },
  };
}
