import WebSocket from 'ws';
import type { Trade } from '../../engine/inputs.js';

export type FeedState = 'connecting' | 'up' | 'down';

export interface FeedListener {
  /** Subscribed: every trade of the subscribed products is delivered from `at` on. */
  connected(at: number): void;
  /** The connection ended or was abandoned at `at`; trades until the next `connected` are missed. */
  disconnected(at: number, reason: string): void;
  trade(trade: Trade): void;
  /** 24 h base volume and last price, from the ticker channel. */
  ticker(productId: string, volume24hBase: number, price: number): void;
  /**
   * Trades of one product were missed (trade ids jumped) while the connection stayed up. `since` is the time
   * of the last trade received before the jump: the missed trades happened after it.
   */
  gap(productId: string, since: number, missedTrades: number): void;
  /** Any message at all (metrics, freshness). */
  message(at: number): void;
}

export interface CoinbaseFeedOptions {
  url: string;
  listener: FeedListener;
  clock?: () => number;
  /** Give up on a connection whose subscription is not confirmed in time. @default 5000 */
  subscribeTimeoutMs?: number;
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. @default 10000 */
  silenceTimeoutMs?: number;
  /** First reconnect delay; doubles per failed attempt. @default 500 */
  reconnectBaseMs?: number;
  /** Cap of the reconnect delay. @default 30000 */
  reconnectMaxMs?: number;
  userAgent?: string;
}

interface FeedMessage {
  type?: unknown;
  product_id?: unknown;
  trade_id?: unknown;
  last_trade_id?: unknown;
  price?: unknown;
  size?: unknown;
  time?: unknown;
  volume_24h?: unknown;
  message?: unknown;
  reason?: unknown;
}

/**
 * Coinbase Exchange WebSocket feed (matches, ticker and heartbeat channels): subscribes within the exchange's
 * 5 s window, watches for silence, reconnects with capped exponential backoff and reports trade-id gaps so the
 * adapter can re-seed the affected products from candles.
 */
export class CoinbaseFeed {
  readonly #options: CoinbaseFeedOptions;
  readonly #clock: () => number;
  readonly #lastTradeId = new Map<string, number>();
  readonly #lastTradeTime = new Map<string, number>();
  #connectedAt = 0;
  #productIds: readonly string[] = [];
  #socket: WebSocket | undefined;
  #state: FeedState = 'down';
  #attempt = 0;
  #lastMessageAt: number | undefined;
  #reconnects = 0;
  #stopped = true;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #subscribeTimer: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: CoinbaseFeedOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  get state(): FeedState {
    return this.#state;
  }

  get lastMessageAt(): number | undefined {
    return this.#lastMessageAt;
  }

  get reconnects(): number {
    return this.#reconnects;
  }

  start(productIds: readonly string[]): void {
    this.#productIds = [...productIds];
    this.#stopped = false;
    this.#connect();
  }

  /** Changes the subscription; a connected feed reconnects so coverage starts cleanly for every product. */
  setProducts(productIds: readonly string[]): void {
    const same =
      productIds.length === this.#productIds.length &&
      productIds.every((id, index) => id === this.#productIds[index]);
    if (same) return;
    this.#productIds = [...productIds];
    if (!this.#stopped) this.#socket?.terminate();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    this.#clearConnectionTimers();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      if (this.#state === 'up') this.#options.listener.disconnected(this.#clock(), 'stopped');
    }
    this.#state = 'down';
  }

  #connect(): void {
    if (this.#stopped) return;
    this.#state = 'connecting';
    const socket = new WebSocket(this.#options.url, {
      headers: { 'user-agent': this.#options.userAgent ?? 'cbmo4ers-server' },
      handshakeTimeout: this.#options.subscribeTimeoutMs ?? 5000,
    });
    this.#socket = socket;
    socket.on('open', () => {
      socket.send(
        JSON.stringify({
          type: 'subscribe',
          product_ids: this.#productIds,
          channels: ['heartbeat', 'ticker', 'matches'],
        }),
      );
    });
    this.#subscribeTimer = setTimeout(() => socket.terminate(), this.#options.subscribeTimeoutMs ?? 5000);
    socket.on('message', (data) => this.#onMessage(data.toString()));
    socket.on('error', () => {
      // 'close' follows every 'error'; reconnection is handled there.
    });
    socket.on('close', (code) => this.#onClose(socket, `closed with code ${code}`));
  }

  #onMessage(raw: string): void {
    const now = this.#clock();
    this.#lastMessageAt = now;
    let message: FeedMessage;
    try {
      message = JSON.parse(raw) as FeedMessage;
    } catch {
      return;
    }
    const listener = this.#options.listener;
    listener.message(now);
    switch (message.type) {
      case 'subscriptions':
        if (this.#state !== 'up') this.#onSubscribed(now);
        return;
      case 'match':
        this.#onMatch(message);
        return;
      case 'last_match': {
        // The trade before our subscription: not received live, but it anchors gap detection.
        const productId = String(message.product_id);
        const tradeId = Number(message.trade_id);
        if (Number.isSafeInteger(tradeId)) this.#lastTradeId.set(productId, tradeId);
        return;
      }
      case 'heartbeat': {
        const productId = String(message.product_id);
        const lastTradeId = Number(message.last_trade_id);
        const known = this.#lastTradeId.get(productId);
        if (known !== undefined && Number.isSafeInteger(lastTradeId) && lastTradeId > known) {
          this.#lastTradeId.set(productId, lastTradeId);
          listener.gap(productId, this.#gapStart(productId), lastTradeId - known);
        }
        return;
      }
      case 'ticker': {
        const volume = Number(message.volume_24h);
        const price = Number(message.price);
        if (Number.isFinite(volume) && Number.isFinite(price) && price > 0) {
          listener.ticker(String(message.product_id), volume, price);
        }
        return;
      }
      case 'error':
        socketError(this.#socket, `${String(message.message)} ${String(message.reason ?? '')}`.trim());
        return;
      default:
        return;
    }
  }

  /** The missed trades came after the last one we saw on this connection (or after it was established). */
  #gapStart(productId: string): number {
    return Math.max(this.#lastTradeTime.get(productId) ?? 0, this.#connectedAt);
  }

  #onSubscribed(now: number): void {
    this.#connectedAt = now;
    clearTimeout(this.#subscribeTimer);
    this.#state = 'up';
    this.#attempt = 0;
    this.#options.listener.connected(now);
    const silence = this.#options.silenceTimeoutMs ?? 10_000;
    this.#watchdog = setInterval(
      () => {
        if (this.#clock() - (this.#lastMessageAt ?? 0) > silence) this.#socket?.terminate();
      },
      Math.max(100, Math.min(1000, silence / 4)),
    );
  }

  #onMatch(message: FeedMessage): void {
    const productId = String(message.product_id);
    const tradeId = Number(message.trade_id);
    const price = Number(message.price);
    const size = Number(message.size);
    const time = typeof message.time === 'string' ? Date.parse(message.time) : Number.NaN;
    if (!Number.isSafeInteger(tradeId) || !(price > 0) || !(size >= 0) || Number.isNaN(time)) return;
    const known = this.#lastTradeId.get(productId);
    if (known !== undefined && tradeId <= known) return;
    this.#lastTradeId.set(productId, tradeId);
    if (known !== undefined && tradeId > known + 1) {
      this.#options.listener.gap(productId, this.#gapStart(productId), tradeId - known - 1);
    }
    this.#lastTradeTime.set(productId, time);
    this.#options.listener.trade({ productId, tradeId, price, size, time });
  }

  #onClose(socket: WebSocket, reason: string): void {
    if (socket !== this.#socket) return;
    this.#clearConnectionTimers();
    this.#socket = undefined;
    const wasUp = this.#state === 'up';
    this.#state = 'down';
    if (wasUp) this.#options.listener.disconnected(this.#clock(), reason);
    if (this.#stopped) return;
    this.#reconnects += 1;
    const base = this.#options.reconnectBaseMs ?? 500;
    const cap = this.#options.reconnectMaxMs ?? 30_000;
    const delay = Math.min(cap, base * 2 ** this.#attempt);
    this.#attempt += 1;
    // Full jitter in the upper half keeps many replicas from reconnecting in lockstep.
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay / 2 + Math.random() * (delay / 2));
  }

  #clearConnectionTimers(): void {
    clearTimeout(this.#subscribeTimer);
    clearInterval(this.#watchdog);
  }
}

function socketError(socket: WebSocket | undefined, _reason: string): void {
  // The exchange reports a bad subscription this way; a fresh connection is the only recovery.
  socket?.terminate();
}
