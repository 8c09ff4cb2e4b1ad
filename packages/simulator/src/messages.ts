/**
 * Coinbase Exchange wire shapes: REST bodies and feed messages. Prices, sizes and volumes are decimal strings
 * (candles are the exception, see rest-server.ts), ids are numbers, times are ISO 8601 with microseconds.
 */
import type { SimCurrency, SimProduct } from './catalog.js';
import type { DayStats } from './day-stats.js';
import { decimalString, isoMicros } from './format.js';
import type { ProductState, SimTrade } from './product-dynamics.js';
import { hashUuid } from './random.js';

export function productBody(product: SimProduct): Record<string, unknown> {
  return {
    id: product.id,
    base_currency: product.base,
    quote_currency: product.quote,
    quote_increment: product.quoteIncrement,
    base_increment: product.baseIncrement,
    // Coinbase repeats the id here; names come from /currencies.
    display_name: product.id,
    min_market_funds: product.minMarketFunds,
    margin_enabled: false,
    post_only: false,
    limit_only: false,
    cancel_only: false,
    status: product.status,
    status_message: '',
    trading_disabled: product.tradingDisabled,
    fx_stablecoin: product.fxStablecoin,
    max_slippage_percentage: '0.03000000',
    auction_mode: false,
    high_bid_limit_percentage: '',
  };
}

export function currencyBody(currency: SimCurrency): Record<string, unknown> {
  const crypto = currency.type === 'crypto';
  return {
    id: currency.id,
    name: currency.name,
    min_size: crypto ? '0.00000001' : '0.01',
    status: 'online',
    message: '',
    max_precision: crypto ? '0.00000001' : '0.01',
    convertible_to: [],
    details: {
      type: currency.type,
      symbol: crypto ? '' : currency.id === 'EUR' ? '€' : '$',
      network_confirmations: crypto ? 12 : 0,
      sort_order: 0,
      crypto_address_link: '',
      crypto_transaction_link: '',
      push_payment_methods: crypto ? ['crypto'] : [],
    },
    default_network: crypto ? currency.id.toLowerCase() : '',
    supported_networks: [],
  };
}

/** Formatting precision of one product: prices to its tick, sizes and volumes to its lot. */
interface Precision {
  readonly quoteDecimals: number;
  readonly baseDecimals: number;
}

export function statsBody(stats: DayStats, precision: Precision): Record<string, string> {
  const { quoteDecimals, baseDecimals } = precision;
  return {
    open: decimalString(stats.open, quoteDecimals),
    high: decimalString(stats.high, quoteDecimals),
    low: decimalString(stats.low, quoteDecimals),
    last: decimalString(stats.last, quoteDecimals),
    volume: decimalString(stats.volume, baseDecimals),
    volume_30day: decimalString(stats.volume30d, baseDecimals),
  };
}

export function tickerBody(state: Readonly<ProductState>, stats: DayStats): Record<string, unknown> {
  const { lastTrade, quoteDecimals, baseDecimals } = state;
  return {
    ask: decimalString(state.bestAsk, quoteDecimals),
    bid: decimalString(state.bestBid, quoteDecimals),
    volume: decimalString(stats.volume, baseDecimals),
    trade_id: lastTrade.tradeId,
    price: decimalString(lastTrade.price, quoteDecimals),
    size: decimalString(lastTrade.size, baseDecimals),
    time: isoMicros(lastTrade.time),
  };
}

/** A `match` (or, on subscribing, `last_match`) message. `side` is the maker's side, as on Coinbase. */
export function matchMessage(
  type: 'match' | 'last_match',
  trade: SimTrade,
  state: Readonly<ProductState>,
): Record<string, unknown> {
  return {
    type,
    trade_id: trade.tradeId,
    maker_order_id: hashUuid(state.orderSalt, trade.tradeId, 0),
    taker_order_id: hashUuid(state.orderSalt, trade.tradeId, 1),
    side: trade.takerSide === 'buy' ? 'sell' : 'buy',
    size: decimalString(trade.size, state.baseDecimals),
    price: decimalString(trade.price, state.quoteDecimals),
    product_id: trade.productId,
    sequence: trade.sequence,
    time: isoMicros(trade.time),
  };
}

/** A `ticker` message; `side` is the taker's side, as on Coinbase. */
export function tickerMessage(
  trade: SimTrade,
  state: Readonly<ProductState>,
  stats: DayStats,
): Record<string, unknown> {
  const { quoteDecimals, baseDecimals } = state;
  return {
    type: 'ticker',
    sequence: trade.sequence,
    product_id: trade.productId,
    price: decimalString(trade.price, quoteDecimals),
    open_24h: decimalString(stats.open, quoteDecimals),
    volume_24h: decimalString(stats.volume, baseDecimals),
    low_24h: decimalString(stats.low, quoteDecimals),
    high_24h: decimalString(stats.high, quoteDecimals),
    volume_30d: decimalString(stats.volume30d, baseDecimals),
    best_bid: decimalString(trade.bestBid, quoteDecimals),
    best_bid_size: decimalString(trade.size, baseDecimals),
    best_ask: decimalString(trade.bestAsk, quoteDecimals),
    best_ask_size: decimalString(trade.size, baseDecimals),
    side: trade.takerSide,
    time: isoMicros(trade.time),
    trade_id: trade.tradeId,
    last_size: decimalString(trade.size, baseDecimals),
  };
}

export function heartbeatMessage(state: Readonly<ProductState>, now: number): Record<string, unknown> {
  return {
    type: 'heartbeat',
    last_trade_id: state.lastTrade.tradeId,
    product_id: state.product.id,
    sequence: state.sequence,
    time: isoMicros(now),
  };
}
