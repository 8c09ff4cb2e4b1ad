/**
 * The embedded simulated exchange: a fake Coinbase Exchange on loopback (REST and WebSocket feed on one port),
 * seeded and deterministic, so demo mode and tests run the production Coinbase adapter unchanged against it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCatalog, listCurrencies, type SimProduct } from './catalog.js';
import { createFaults, FaultState, type SimulatorFaults } from './faults.js';
import { FeedServer } from './feed-server.js';
import { MarketModel } from './market-model.js';
import { normalizeOptions, type SimulatorOptions } from './options.js';
import { RestServer } from './rest-server.js';

/** How often due trades are generated and sent: fine enough to look live, coarse enough to batch. */
const TICK_MS = 100;
/** The request log is for tests and debugging; older entries are dropped past this many. */
const MAX_LOGGED_REQUESTS = 10_000;

export interface SimulatorStats {
  /** REST requests answered, oldest first (the most recent 10 000). */
  readonly restRequests: Array<{ time: number; path: string; status: number }>;
  /** Feed connections accepted since the start. */
  wsConnections: number;
  /** Feed connections open now. */
  openWebSockets: number;
  /** Subscribe messages accepted since the start. */
  subscriptions: number;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:7070`: the Coinbase Exchange REST base URL. */
  readonly restUrl: string;
  /** e.g. `ws://127.0.0.1:7070`: the Coinbase Exchange feed URL. */
  readonly wsUrl: string;
  readonly faults: SimulatorFaults;
  /** Live counters, updated in place. */
  readonly stats: SimulatorStats;
  products(): readonly SimProduct[];
  /** Stops the timers, closes every socket and the listener; safe to call twice. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = normalizeOptions(options);
  const { clock } = config;
  const catalog = buildCatalog();
  const model = new MarketModel(catalog, {
    seed: config.seed,
    tradeRateMultiplier: config.tradeRateMultiplier,
    historyMinutes: config.historyMinutes,
    now: clock(),
  });
  const faultState = new FaultState();
  const stats: SimulatorStats = { restRequests: [], wsConnections: 0, openWebSockets: 0, subscriptions: 0 };
  const feed = new FeedServer({
    model,
    faults: faultState,
    clock,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    subscribeTimeoutMs: config.subscribeTimeoutMs,
    stats,
  });
  const rest = new RestServer({
    model,
    currencies: listCurrencies(catalog),
    faults: faultState,
    clock,
    record(path, status) {
      stats.restRequests.push({ time: clock(), path, status });
      if (stats.restRequests.length > MAX_LOGGED_REQUESTS) stats.restRequests.shift();
    },
  });
  const server = createServer((request, response) => rest.handle(request, response));
  server.on('upgrade', (request, socket, head: Buffer) => feed.handleUpgrade(request, socket, head));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await feed.close();
    throw error;
  }

  const loop = setInterval(() => {
    const trades = model.advanceTo(clock());
    if (trades.length > 0) feed.publish(trades);
  }, TICK_MS);

  const { port } = server.address() as AddressInfo;
  const authority = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    restUrl: `http://${authority}`,
    wsUrl: `ws://${authority}`,
    faults: createFaults(
      faultState,
      () => feed.dropAll(),
      (productId) => model.has(productId),
    ),
    stats,
    products: () => catalog,
    close() {
      closing ??= (async () => {
        clearInterval(loop);
        rest.close();
        await feed.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets (fetch pools them) would otherwise hold close() open until they idle out.
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
