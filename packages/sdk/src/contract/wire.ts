/**
 * Wire types of the CBMo4ers HTTP API (see API.md): snake_case, exactly as the server sends them.
 */

export type Momentum = 'strong' | 'moderate' | 'weak';
export type AlertLevel = 'high' | 'normal';
export type DataSource = 'simulated' | 'coinbase' | 'replay';
export type TimeFrame = '3_minutes' | '1_hour';

/** Row of the gainers and losers tables (3-minute movers). */
export interface MoverRow {
  rank: number;
  symbol: string;
  base: string;
  name: string;
  /** Market capitalisation in the quote currency (CoinGecko); null when unknown. Absent from servers before it. */
  market_cap?: number | null;
  current_price: number;
  initial_price_3min: number;
  price_change_percentage_3min: number;
  actual_interval_minutes: number;
  volume_24h: number;
  momentum: Momentum;
  alert_level: AlertLevel;
  /** Prices over the 3-minute window, at most 36 points, oldest first. */
  sparkline: number[];
  url: string;
}

/** Row of the top banner (1-hour price change). */
export interface PriceBannerRow {
  symbol: string;
  base: string;
  name: string;
  /** Market capitalisation in the quote currency (CoinGecko); null when unknown. Absent from servers before it. */
  market_cap?: number | null;
  current_price: number;
  initial_price_1h: number;
  price_change_1h: number;
  volume_24h: number;
  url: string;
}

/** Row of the bottom banner (1-hour volume change). */
export interface VolumeBannerRow {
  symbol: string;
  base: string;
  name: string;
  /** Market capitalisation in the quote currency (CoinGecko); null when unknown. Absent from servers before it. */
  market_cap?: number | null;
  current_price: number;
  volume_1h: number;
  volume_prev_1h: number;
  volume_change_1h: number;
  price_change_1h: number;
  url: string;
}

/** The envelope every component endpoint wraps its rows in. */
export interface Envelope<Component extends string, Row> {
  component: Component;
  data: Row[];
  count: number;
  time_frame: TimeFrame;
  /** ISO 8601 UTC instant the snapshot was computed. */
  last_updated: string;
  /** The same instant, epoch ms. */
  as_of: number;
  /** True when the server's upstream data is older than its STALE_AFTER. */
  stale: boolean;
  source: DataSource;
  /** Milliseconds between snapshots on the server. */
  update_interval: number;
}

export interface GainersEnvelope extends Envelope<'gainers_table', MoverRow> {
  table_type: 'gainers';
}
export interface LosersEnvelope extends Envelope<'losers_table', MoverRow> {
  table_type: 'losers';
}
export interface TopBannerEnvelope extends Envelope<'top_banner_scroll', PriceBannerRow> {
  focus: 'price_change';
}
export interface BottomBannerEnvelope extends Envelope<'bottom_banner_scroll', VolumeBannerRow> {
  focus: 'volume_change';
}

export type UpstreamState = 'up' | 'down' | 'degraded' | (string & {});

/** `GET /api/health`. */
export interface HealthDocument {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  version: string;
  uptime_seconds: number;
  source: DataSource;
  upstreams: {
    coinbase_ws?: { state: UpstreamState; last_message_age_seconds: number | null };
    coinbase_rest?: { state: UpstreamState; breaker: string; last_error: string | null };
    coingecko?: { state: UpstreamState; breaker: string; last_error: string | null };
    [name: string]: unknown;
  };
  cache: { backend: string; snapshot_age_seconds: number | null; stale: boolean };
  data: { products_tracked: number; history_seconds: number; warm: boolean };
  stream: { clients: number };
  cluster: { role: 'standalone' | 'collector' | 'follower' };
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** What each topic of the client resolves to. */
export interface TopicData {
  gainers: GainersEnvelope;
  losers: LosersEnvelope;
  topBanner: TopBannerEnvelope;
  bottomBanner: BottomBannerEnvelope;
  health: HealthDocument;
}

export type Topic = keyof TopicData;
