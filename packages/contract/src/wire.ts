/**
 * The wire types of the CBMo4ers HTTP API, exactly as the server sends them (snake_case). `docs/api.md` defines
 * every figure; these types are its machine-readable half, and `schema.ts` checks real responses against them.
 */

export type Momentum = 'strong' | 'moderate' | 'weak';
export type AlertLevel = 'high' | 'normal';
export type DataSource = 'simulated' | 'coinbase' | 'replay';
export type TimeFrame = '3_minutes' | '1_hour';

/** Fields every row has: who the product is, and where to read more about it. */
export interface AssetFields {
  /** Exchange product id, `BASE-QUOTE` (`SOL-USD`). */
  symbol: string;
  /** Base currency (`SOL`). */
  base: string;
  /** Display name (`Solana`); the base symbol when no name is known. */
  name: string;
  /** Market capitalisation in the quote currency from CoinGecko; null when unknown (never estimated). */
  market_cap: number | null;
  /**
   * Last trade price (a banner row of a product without a live trade yet: the exchange's last reported price).
   */
  current_price: number;
  /** A page about the asset (`https://www.coinbase.com/price/sol`). */
  url: string;
}

/** Row of the gainers and losers tables (3-minute movers). */
export interface MoverRow extends AssetFields {
  /** Position in the table, from 1. */
  rank: number;
  /** Last live trade at or before now - 180 s (while warming up: the first live trade). */
  initial_price_3min: number;
  /** `(current_price / initial_price_3min - 1) * 100`, 4 decimals. */
  price_change_percentage_3min: number;
  /** Minutes the change really covers: 3 once warm, less while warming up, never above 3. */
  actual_interval_minutes: number;
  /** The exchange's 24 h base volume x `current_price`. */
  volume_24h: number;
  momentum: Momentum;
  alert_level: AlertLevel;
  /** Prices over the 3-minute window, oldest first: 36 points (2 while the window has no length yet). */
  sparkline: number[];
}

/** Row of the top banner (1-hour price change). */
export interface TopBannerRow extends AssetFields {
  /** Close of the one-minute bucket ending at or before now - 1 h. */
  initial_price_1h: number;
  /** `(current_price / initial_price_1h - 1) * 100`, 4 decimals. */
  price_change_1h: number;
  volume_24h: number;
}

/** Row of the bottom banner (1-hour volume change). */
export interface BottomBannerRow extends AssetFields {
  /** Quote volume of the 60 completed one-minute buckets before now. */
  volume_1h: number;
  /** The same for the 60 buckets before those; always > 0 in this banner. */
  volume_prev_1h: number;
  /** `(volume_1h / volume_prev_1h - 1) * 100`, 4 decimals. */
  volume_change_1h: number;
  price_change_1h: number;
  /** The exchange's 24 h base volume x `current_price`, as in the other rows. */
  volume_24h: number;
}

/** What every component response wraps its rows in (the fields after `component` and its discriminator). */
export interface EnvelopeFields<Row> {
  data: Row[];
  /** `data.length`. */
  count: number;
  /** ISO 8601 UTC instant the snapshot was computed. */
  last_updated: string;
  /** The same instant, epoch ms; also the stream event's `id`. */
  as_of: number;
  /** True when the server's upstream data is older than its `STALE_AFTER`. */
  stale: boolean;
  source: DataSource;
  /** Milliseconds between snapshots on the server. */
  update_interval: number;
}

export interface GainersEnvelope extends EnvelopeFields<MoverRow> {
  component: 'gainers_table';
  table_type: 'gainers';
  time_frame: '3_minutes';
}
export interface LosersEnvelope extends EnvelopeFields<MoverRow> {
  component: 'losers_table';
  table_type: 'losers';
  time_frame: '3_minutes';
}
export interface TopBannerEnvelope extends EnvelopeFields<TopBannerRow> {
  component: 'top_banner_scroll';
  focus: 'price_change';
  time_frame: '1_hour';
}
export interface BottomBannerEnvelope extends EnvelopeFields<BottomBannerRow> {
  component: 'bottom_banner_scroll';
  focus: 'volume_change';
  time_frame: '1_hour';
}

export type UpstreamState = 'up' | 'degraded' | 'down' | 'connecting';
export type BreakerPosition = 'closed' | 'open' | 'half-open';
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';
export type ClusterRole = 'standalone' | 'collector' | 'follower';

/** `GET /api/health` (HTTP 200 unless `status` is `unhealthy`, then 503). */
export interface HealthDocument {
  status: HealthStatus;
  timestamp: string;
  version: string;
  uptime_seconds: number;
  source: DataSource;
  /** Present for the upstreams this replica talks to: none on a follower. */
  upstreams: {
    coinbase_ws?: {
      state: UpstreamState;
      last_message_age_seconds: number | null;
      /** Reconnection attempts (failed ones too) since this replica started collecting. */
      reconnects: number;
    };
    coinbase_rest?: { state: UpstreamState; breaker: BreakerPosition; last_error: string | null };
    coingecko?: {
      state: UpstreamState;
      breaker: BreakerPosition;
      last_error: string | null;
      /** Symbols in CoinGecko's last successful answer. */
      coins: number;
      last_success_age_seconds: number | null;
    };
  };
  cache: { backend: 'memory' | 'redis'; snapshot_age_seconds: number | null; stale: boolean };
  data: { products_tracked: number; history_seconds: number; warm: boolean };
  stream: { clients: number };
  /** `redis` only with `REDIS_URL`: whether Redis answers. */
  cluster: { role: ClusterRole; redis?: 'up' | 'down' };
}

/** `GET /api/health/live`. */
export interface LivenessDocument {
  status: 'ok';
}

/** `GET /api/health/ready` when ready (otherwise a 503 `ErrorBody` with code `unavailable`). */
export interface ReadinessDocument {
  status: 'ready';
}

export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unavailable'
  | 'payload_too_large'
  | 'internal';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** What each topic carries: the body of its endpoint and of its stream event. */
export interface TopicData {
  gainers: GainersEnvelope;
  losers: LosersEnvelope;
  topBanner: TopBannerEnvelope;
  bottomBanner: BottomBannerEnvelope;
  health: HealthDocument;
}

/** A topic's one name in code (the SDK's `client.gainers()`, `$gainers`); `TOPIC_TABLE` maps it to the rest. */
export type Topic = keyof TopicData;
/** The topics with rows (every one but `health`). */
export type RowTopic = Exclude<Topic, 'health'>;
/** The row type of a topic. */
export type RowOf<T extends RowTopic> = TopicData[T]['data'][number];

/** The query of `GET /api/stream`. */
export interface StreamQuery {
  /** Comma list of stream event names (`gainers-table,health`); every topic when absent or empty. */
  topics?: string;
  /** Rows per row topic, 1..100; each topic's default when absent. */
  limit?: number;
}

/**
 * One Server-Sent Event of `GET /api/stream`: `event:` the topic's stream name, `id:` the snapshot's `as_of`
 * (epoch ms, also for health), `data:` the very body the topic's endpoint would return for that snapshot.
 */
export interface StreamEvent<T extends Topic = Topic> {
  topic: T;
  id: string;
  data: TopicData[T];
}
