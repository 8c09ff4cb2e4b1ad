import { MarketEngine } from '../engine/engine.js';
import type { EngineSnapshot } from '../engine/rows.js';
import { CoinbaseMarket } from '../market/coinbase/market.js';
import { SnapshotCollector } from '../snapshots/collector.js';
import type { Snapshot } from '../snapshots/snapshot.js';
import type { ServerContext } from './context.js';
import type { MarketUpstreams } from './market.js';

/** Where a run's snapshots go: the local store alone, or the cluster (which serves them once Redis has them). */
export interface SnapshotTarget {
  publish(snapshot: Snapshot): void;
}

/**
 * Step 3: the engine and what feeds it (a Coinbase adapter, CoinGecko's names and market caps) and the collector
 * that turns the engine's figures into snapshots. It runs while this replica collects: always without Redis, while
 * it holds the lease with it. The engine and its history outlive the runs.
 */
export class Collecting {
  readonly engine: MarketEngine;
  readonly collector: SnapshotCollector;
  readonly #context: ServerContext;
  readonly #upstreams: MarketUpstreams;
  #market: CoinbaseMarket | undefined;
  #runs = 0;
  #target: SnapshotTarget | undefined;

  constructor(context: ServerContext, upstreams: MarketUpstreams) {
    const { config, clock, metrics, logger } = context;
    const { coingecko } = upstreams;
    this.#context = context;
    this.#upstreams = upstreams;
    this.engine = new MarketEngine({
      quoteCurrency: config.quoteCurrency,
      stablecoins: config.stablecoins,
      minVolumeUsd: config.minVolumeUsd,
      // CoinGecko's figure when it knows the asset; rows say null otherwise.
      marketCapOf: (base) => coingecko?.marketCapOf(base),
    });
    this.collector = new SnapshotCollector({
      engine: this.engine,
      store: { publish: (snapshot) => this.#target?.publish(snapshot) },
      lastUpstreamMessageAt: () => this.#market?.status().feed.lastMessageAt,
      source: upstreams.source,
      intervalMs: config.snapshotIntervalMs,
      staleAfterMs: config.staleAfterMs,
      clock,
      metrics,
      logger,
    });
    coingecko?.onRefresh(() => {
      this.#market?.applyNames();
      coingecko.crossCheck(priceChanges1h(this.engine.snapshot(clock())));
    });
  }

  /** The adapter of the current run; undefined while not collecting. */
  get market(): CoinbaseMarket | undefined {
    return this.#market;
  }

  /**
   * Starts a run publishing to `target`. A stopped adapter cannot restart: each run gets a new one on the same
   * engine, so history kept from an earlier run is only topped up (no backfill).
   */
  start(target: SnapshotTarget): void {
    const { config, options, logger, metrics, clock } = this.#context;
    const { rest, wsUrl, coingecko } = this.#upstreams;
    this.#target = target;
    this.#market = new CoinbaseMarket({
      rest,
      wsUrl,
      engine: this.engine,
      quoteCurrency: config.quoteCurrency,
      stablecoins: config.stablecoins,
      logger: logger.child({ component: 'market' }),
      metrics,
      clock,
      ...options.market,
      ...(this.#runs > 0 ? { backfillMinutes: 0 } : {}),
      ...(coingecko ? { nameOf: (base: string) => coingecko.nameOf(base) } : {}),
    });
    this.#runs += 1;
    this.#market.start();
    coingecko?.start();
    this.collector.start();
  }

  /** Stops the run: no upstream call follows. */
  stop(): void {
    this.collector.stop();
    this.#upstreams.coingecko?.stop();
    this.#market?.stop();
    this.#market = undefined;
  }
}

/** Our 1-hour price change per base symbol, as the top banner has it (for the CoinGecko cross-check). */
function priceChanges1h(figures: EngineSnapshot): Map<string, number> {
  return new Map(figures.topBanner.map((row) => [row.base, row.price_change_1h]));
}
