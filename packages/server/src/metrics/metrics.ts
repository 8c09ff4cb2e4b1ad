import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's own Prometheus registry (never the global one, so embedding apps and tests stay isolated).
 * Metric names are part of the operator contract: the Grafana dashboard and alert rules in deploy/ use them.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'cbm_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly snapshotAge = new Gauge({
    name: 'cbm_snapshot_age_seconds',
    help: 'Age of the snapshot being served',
    registers: [this.registry],
  });

  readonly upstreamDataAge = new Gauge({
    name: 'cbm_upstream_data_age_seconds',
    help: 'Seconds since the last message from the market feed',
    registers: [this.registry],
  });

  readonly productsTracked = new Gauge({
    name: 'cbm_products_tracked',
    help: 'Products passing the filters (quote currency, online, not a stablecoin, minimum volume)',
    registers: [this.registry],
  });

  readonly snapshotsComputed = new Counter({
    name: 'cbm_snapshots_computed_total',
    help: 'Snapshots computed',
    registers: [this.registry],
  });

  readonly snapshotDuration = new Histogram({
    name: 'cbm_snapshot_compute_duration_seconds',
    help: 'Time to compute and serialize one snapshot',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5],
    registers: [this.registry],
  });

  readonly upstreamMessages = new Counter({
    name: 'cbm_upstream_messages_total',
    help: 'Messages and responses received from each upstream',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });

  readonly upstreamErrors = new Counter({
    name: 'cbm_upstream_errors_total',
    help: 'Failed upstream calls and feed errors by upstream',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });

  readonly upstreamReconnects = new Counter({
    name: 'cbm_upstream_reconnects_total',
    help: 'Reconnections of upstream feeds',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });

  readonly upstreamGaps = new Counter({
    name: 'cbm_upstream_sequence_gaps_total',
    help: 'Trade-id gaps detected in the market feed (each re-seeds the product from candles)',
    registers: [this.registry],
  });

  readonly breakerOpen = new Gauge({
    name: 'cbm_upstream_breaker_open',
    help: '1 while the circuit breaker of an upstream is open or half-open, else 0',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });

  readonly streamClients = new Gauge({
    name: 'cbm_sse_clients',
    help: 'Connected Server-Sent Events clients',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'cbm_rate_limited_total',
    help: 'Requests refused with 429 by the per-IP rate limit',
    registers: [this.registry],
  });

  readonly coingeckoCompared = new Gauge({
    name: 'cbm_coingecko_price_change_1h_compared',
    help: 'Products whose 1-hour price change was compared with CoinGecko at the last refresh',
    registers: [this.registry],
  });

  readonly coingeckoDisagreements = new Gauge({
    name: 'cbm_coingecko_price_change_1h_disagreements',
    help: 'Products whose 1-hour price change differed from CoinGecko by more than the threshold at the last refresh',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cbm_' });
  }
}
