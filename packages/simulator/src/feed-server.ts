/**
 * The WebSocket feed half of the simulated exchange: Coinbase's subscribe protocol with the `ticker`,
 * `matches` and `heartbeat` channels, on the same port as REST, with the feed faults applied.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { FaultState } from './faults.js';
import type { MarketModel } from './market-model.js';
import { heartbeatMessage, matchMessage, tickerMessage } from './messages.js';
import type { SimTrade } from './product-dynamics.js';
import { FEED_CHANNELS, type FeedChannel, parseSubscription } from './subscription.js';

/** A consumer this far behind is cut off, as Coinbase drops slow clients, instead of buffering without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const MAX_INBOUND_BYTES = 64 * 1024;

export interface FeedStats {
  wsConnections: number;
  openWebSockets: number;
  subscriptions: number;
}

export interface FeedServerDeps {
  readonly model: MarketModel;
  readonly faults: FaultState;
  readonly clock: () => number;
  readonly heartbeatIntervalMs: number;
  readonly subscribeTimeoutMs: number;
  readonly stats: FeedStats;
}

interface Connection {
  readonly socket: WebSocket;
  readonly channels: Map<FeedChannel, Set<string>>;
  subscribeTimer: NodeJS.Timeout | undefined;
}

export class FeedServer {
  readonly #deps: FeedServerDeps;
  readonly #wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_INBOUND_BYTES,
  });
  readonly #connections = new Set<Connection>();
  /** channel → product → connections, so a trade costs nothing for products nobody watches. */
  readonly #subscribers = new Map<FeedChannel, Map<string, Set<Connection>>>(
    FEED_CHANNELS.map((channel) => [channel, new Map()]),
  );
  readonly #heartbeatTimer: NodeJS.Timeout;

  constructor(deps: FeedServerDeps) {
    this.#deps = deps;
    this.#heartbeatTimer = setInterval(() => this.#sendHeartbeats(), deps.heartbeatIntervalMs);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#deps.faults.takeUpgradeRejection()) {
      const body = JSON.stringify({ message: 'Service Unavailable' });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (webSocket) => this.#accept(webSocket));
  }

  #accept(socket: WebSocket): void {
    const { stats, subscribeTimeoutMs } = this.#deps;
    const connection: Connection = { socket, channels: new Map(), subscribeTimer: undefined };
    connection.subscribeTimer = setTimeout(() => {
      connection.subscribeTimer = undefined;
      socket.close(1008, 'subscribe timeout');
    }, subscribeTimeoutMs);
    this.#connections.add(connection);
    stats.wsConnections += 1;
    stats.openWebSockets += 1;
    socket.on('message', (data, isBinary) => this.#receive(connection, data, isBinary));
    // Errors (a reset peer, an oversized frame) end in 'close'; listening keeps them from being thrown.
    socket.on('error', () => undefined);
    socket.on('close', () => this.#forget(connection));
  }

  #forget(connection: Connection): void {
    if (!this.#connections.delete(connection)) return;
    this.#deps.stats.openWebSockets -= 1;
    clearTimeout(connection.subscribeTimer);
    for (const [channel, productIds] of connection.channels) {
      for (const productId of productIds) this.#unindex(channel, productId, connection);
    }
  }

  #receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const parsed = parseSubscription(isBinary ? undefined : data.toString(), (id) =>
      this.#deps.model.has(id),
    );
    if (!parsed.ok) {
      this.#send(
        connection,
        JSON.stringify({ type: 'error', message: parsed.message, reason: parsed.reason }),
      );
      return;
    }
    const { model, clock, stats } = this.#deps;
    const added: Array<[FeedChannel, string]> = [];
    for (const [channel, productIds] of parsed.channels) {
      const current = connection.channels.get(channel) ?? new Set<string>();
      if (parsed.type === 'subscribe') {
        for (const productId of productIds) {
          if (current.has(productId)) continue;
          current.add(productId);
          this.#index(channel, productId, connection);
          added.push([channel, productId]);
        }
      } else {
        // Unsubscribing without product ids leaves the whole channel, as on Coinbase.
        const removed = productIds.length === 0 ? [...current] : productIds;
        for (const productId of removed) {
          if (current.delete(productId)) this.#unindex(channel, productId, connection);
        }
      }
      if (current.size > 0) connection.channels.set(channel, current);
      else connection.channels.delete(channel);
    }
    if (parsed.type === 'subscribe') {
      stats.subscriptions += 1;
      clearTimeout(connection.subscribeTimer);
      connection.subscribeTimer = undefined;
    }
    const channels = FEED_CHANNELS.flatMap((name) => {
      const productIds = connection.channels.get(name);
      return productIds === undefined ? [] : [{ name, product_ids: [...productIds] }];
    });
    this.#send(connection, JSON.stringify({ type: 'subscriptions', channels }));
    // Coinbase opens a matches subscription with the last trade and a ticker one with the current ticker.
    for (const [channel, productId] of added) {
      const state = model.state(productId);
      if (state === undefined || channel === 'heartbeat') continue;
      const stats24h = model.stats(productId, clock());
      const message =
        channel === 'matches'
          ? matchMessage('last_match', state.lastTrade, state)
          : stats24h === undefined
            ? undefined
            : tickerMessage(state.lastTrade, state, stats24h);
      if (message !== undefined) this.#send(connection, JSON.stringify(message));
    }
  }

  #index(channel: FeedChannel, productId: string, connection: Connection): void {
    const byProduct = this.#subscribers.get(channel)!;
    const connections = byProduct.get(productId) ?? new Set<Connection>();
    connections.add(connection);
    byProduct.set(productId, connections);
  }

  #unindex(channel: FeedChannel, productId: string, connection: Connection): void {
    const byProduct = this.#subscribers.get(channel)!;
    const connections = byProduct.get(productId);
    connections?.delete(connection);
    if (connections?.size === 0) byProduct.delete(productId);
  }

  /** Sends `trades` (oldest first) to their subscribers, minus the ones the skip fault withholds. */
  publish(trades: readonly SimTrade[]): void {
    const { faults, model, clock } = this.#deps;
    const matchSubscribers = this.#subscribers.get('matches')!;
    const tickerSubscribers = this.#subscribers.get('ticker')!;
    for (const trade of trades) {
      if (faults.skippedTrades.size > 0 && faults.takeSkippedTrade(trade.productId)) continue;
      if (faults.feedStalled) continue;
      const state = model.state(trade.productId);
      if (state === undefined) continue;
      const matchWatchers = matchSubscribers.get(trade.productId);
      if (matchWatchers !== undefined) {
        // Serialized once per trade, however many clients watch it.
        this.#broadcast(matchWatchers, JSON.stringify(matchMessage('match', trade, state)));
      }
      const tickerWatchers = tickerSubscribers.get(trade.productId);
      const stats24h = tickerWatchers === undefined ? undefined : model.stats(trade.productId, clock());
      if (tickerWatchers !== undefined && stats24h !== undefined) {
        this.#broadcast(tickerWatchers, JSON.stringify(tickerMessage(trade, state, stats24h)));
      }
    }
  }

  #sendHeartbeats(): void {
    const { model, clock } = this.#deps;
    const now = clock();
    for (const [productId, connections] of this.#subscribers.get('heartbeat')!) {
      const state = model.state(productId);
      if (state !== undefined) this.#broadcast(connections, JSON.stringify(heartbeatMessage(state, now)));
    }
  }

  #broadcast(connections: Iterable<Connection>, text: string): void {
    for (const connection of connections) this.#send(connection, text);
  }

  #send(connection: Connection, text: string): void {
    const { socket } = connection;
    if (this.#deps.faults.feedStalled || socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }

  /** Cuts every connection without a close handshake. */
  dropAll(): void {
    for (const connection of [...this.#connections]) {
      connection.socket.terminate();
      this.#forget(connection);
    }
  }

  close(): Promise<void> {
    clearInterval(this.#heartbeatTimer);
    this.dropAll();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }
}
