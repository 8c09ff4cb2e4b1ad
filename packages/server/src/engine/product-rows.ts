import { moverFigures, priceChangeFigures, volumeFigures } from './figures.js';
import type { ProductInfo } from './inputs.js';
import { alertLevelOf, momentumOf, type Ranked, roundPercent } from './ordering.js';
import type { ProductHistory } from './product-history.js';
import type { BottomBannerRow, MoverRow, TopBannerRow } from './rows.js';

/** What snapshot and candleNeeds agree a tracked product is at an instant. */
export interface TrackedProduct {
  info: ProductInfo;
  history: ProductHistory;
  currentPrice: number;
  volume24h: number;
}

export type MoverRowUnranked = Omit<MoverRow, 'rank'>;

/** What one tracked product contributes to the lists, each row ready to be ordered. */
export interface ProductRows {
  mover?: Ranked<MoverRowUnranked>;
  price?: Ranked<TopBannerRow>;
  volume?: Ranked<BottomBannerRow>;
}

/** The engine's options a row reads: who the product is and where to read about it. */
export interface RowOptions {
  productUrl: (product: ProductInfo) => string;
  marketCapOf: (base: string) => number | undefined;
}

/**
 * The rows of one tracked product at `now`, each only when its figure is valid. The volume row repeats the 1-hour
 * price change, so it needs the price row too.
 */
export function productRows(tracked: TrackedProduct, now: number, options: RowOptions): ProductRows {
  const { info, history, currentPrice, volume24h } = tracked;
  const identity = {
    symbol: info.id,
    base: info.base,
    name: info.name,
    market_cap: options.marketCapOf(info.base) ?? null,
  };
  const url = options.productUrl(info);
  const ranked = <Row>(change: number, row: Row): Ranked<Row> => ({
    change,
    volume24h,
    symbol: info.id,
    row,
  });
  const rows: ProductRows = {};
  const mover = moverFigures(history, now);
  if (mover !== undefined) {
    rows.mover = ranked(mover.changePct, {
      ...identity,
      current_price: currentPrice,
      initial_price_3min: mover.initialPrice,
      price_change_percentage_3min: roundPercent(mover.changePct),
      actual_interval_minutes: mover.intervalMinutes,
      volume_24h: volume24h,
      momentum: momentumOf(mover.changePct),
      alert_level: alertLevelOf(mover.changePct),
      sparkline: mover.sparkline,
      url,
    });
  }
  const price = priceChangeFigures(history, now, currentPrice);
  if (price === undefined) return rows;
  const priceChange1h = roundPercent(price.changePct);
  rows.price = ranked(price.changePct, {
    ...identity,
    current_price: currentPrice,
    initial_price_1h: price.initialPrice,
    price_change_1h: priceChange1h,
    volume_24h: volume24h,
    url,
  });
  const volume = volumeFigures(history, now);
  if (volume === undefined || volume.changePct === null || !(volume.volumePrev1h > 0)) return rows;
  rows.volume = ranked(volume.changePct, {
    ...identity,
    current_price: currentPrice,
    volume_1h: volume.volume1h,
    volume_prev_1h: volume.volumePrev1h,
    volume_change_1h: roundPercent(volume.changePct),
    price_change_1h: priceChange1h,
    volume_24h: volume24h,
    url,
  });
  return rows;
}
