/**
 * Wire rows of the component endpoints, exactly as ../../../../shared/design/API.md names them (snake_case on
 * the wire). The engine produces them ready to serialize: percentages rounded to 4 decimals, prices and volumes
 * unrounded, lists sorted and ranked.
 */

export type Momentum = 'strong' | 'moderate' | 'weak';
export type AlertLevel = 'high' | 'normal';

/** Row of the gainers and losers tables (3-minute movers). */
export interface MoverRow {
  rank: number;
  symbol: string;
  base: string;
  name: string;
  /** Market capitalisation in the quote currency from CoinGecko; null when unknown (never estimated). */
  market_cap: number | null;
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
  /** Market capitalisation in the quote currency from CoinGecko; null when unknown (never estimated). */
  market_cap: number | null;
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
  /** Market capitalisation in the quote currency from CoinGecko; null when unknown (never estimated). */
  market_cap: number | null;
  current_price: number;
  volume_1h: number;
  volume_prev_1h: number;
  volume_change_1h: number;
  price_change_1h: number;
  url: string;
}

/** Everything one tick of the engine computes; the HTTP layer only slices and wraps it. */
export interface EngineSnapshot {
  /** The clock reading the figures were computed for, epoch ms. */
  now: number;
  /** Change > 0, most positive first; ties by volume_24h desc then symbol asc; rank = position + 1. */
  gainers: MoverRow[];
  /** Change < 0, most negative first; same ties; rank = position + 1. */
  losers: MoverRow[];
  /** By |price_change_1h| desc; same ties. */
  topBanner: PriceBannerRow[];
  /** Only rows with volume_prev_1h > 0; by |volume_change_1h| desc; same ties. */
  bottomBanner: VolumeBannerRow[];
  /** Products passing the filters (quote, online, not stablecoin, MIN_VOLUME_USD). */
  productsTracked: number;
  /** Seconds of price history the engine holds (oldest bucket or trade to now), max over products. */
  historySeconds: number;
  /** True once every tracked product with live trades has at least 180 s of them. */
  warm: boolean;
  /** Epoch ms of the newest live trade received over all products, or null if none yet. */
  lastTradeAt: number | null;
}
