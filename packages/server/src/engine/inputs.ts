/**
 * What the engine takes in: trades, candles, products and their stats. The engine owns these types; the market
 * adapters (`market/`) produce them from whatever their upstream sends. Times are epoch milliseconds; prices and
 * volumes are plain numbers in quote (price) or base (size) units.
 */

/** One executed trade, as received live from the exchange feed. */
export interface Trade {
  readonly productId: string;
  /** Exchange trade id: consecutive per product, so a jump reveals missed trades. */
  readonly tradeId: number;
  readonly price: number;
  /** Base-currency amount. */
  readonly size: number;
  /** Exchange timestamp of the trade, epoch ms. */
  readonly time: number;
}

/** One-minute OHLCV candle from the exchange REST API. */
export interface Candle {
  /** Start of the minute, epoch ms (a multiple of 60 000). */
  readonly start: number;
  readonly low: number;
  readonly high: number;
  readonly open: number;
  readonly close: number;
  /** Base-currency volume traded in the minute. */
  readonly volume: number;
}

/** A tradable product as listed by the exchange. */
export interface ProductInfo {
  /** e.g. `SOL-USD` */
  readonly id: string;
  /** e.g. `SOL` */
  readonly base: string;
  /** e.g. `USD` */
  readonly quote: string;
  /** Human name, e.g. `Solana`; falls back to the base symbol when the exchange gives none. */
  readonly name: string;
  /** `status === 'online'` and trading not disabled. */
  readonly online: boolean;
  /** Coinbase `fx_stablecoin` flag. */
  readonly fxStablecoin: boolean;
}

/** Rolling 24 h statistics of a product. */
export interface ProductStats {
  /** 24 h volume in base units. */
  readonly volume24hBase: number;
  /** Last price reported with the stats, if any. */
  readonly last?: number;
}
