/**
 * What the engine computes, in the wire rows of `@cbmo4ers/contract` (snake_case, the figures docs/api.md
 * defines), ready to serialize: percentages rounded to 4 decimals, prices and volumes unrounded, lists sorted and
 * ranked.
 */
import type { BottomBannerRow, MoverRow, TopBannerRow } from '@cbmo4ers/contract';

export type { BottomBannerRow, MoverRow, TopBannerRow };

/** Everything one tick of the engine computes; the HTTP layer only slices and wraps it. */
export interface EngineSnapshot {
  /** The clock reading the figures were computed for, epoch ms. */
  now: number;
  /** Change > 0, most positive first; ties by volume_24h desc then symbol asc; rank = position + 1. */
  gainers: MoverRow[];
  /** Change < 0, most negative first; same ties; rank = position + 1. */
  losers: MoverRow[];
  /** By |price_change_1h| desc; same ties. */
  topBanner: TopBannerRow[];
  /** Only rows with volume_prev_1h > 0; by |volume_change_1h| desc; same ties. */
  bottomBanner: BottomBannerRow[];
  /** Products passing the filters (quote, online, not stablecoin, MIN_VOLUME_USD). */
  productsTracked: number;
  /** Seconds of price history the engine holds (oldest bucket or trade to now), max over products. */
  historySeconds: number;
  /** True once every tracked product with live trades has at least 180 s of them. */
  warm: boolean;
  /** Epoch ms of the newest live trade received over all products, or null if none yet. */
  lastTradeAt: number | null;
}
