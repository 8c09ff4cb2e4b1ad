import { ROW_TOPICS } from '@cbmo4ers/contract';
import type { Logger } from 'pino';
import type { MarketEngine } from '../engine/engine.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import { Snapshot, type SnapshotMeta } from './snapshot.js';
import type { MemorySnapshotStore } from './snapshot-store.js';

export interface CollectorOptions {
  engine: MarketEngine;
  store: Pick<MemorySnapshotStore, 'publish'>;
  /** Epoch ms of the newest upstream message, undefined before the first. */
  lastUpstreamMessageAt: () => number | undefined;
  source: SnapshotMeta['source'];
  intervalMs: number;
  staleAfterMs: number;
  clock?: () => number;
  metrics?: ServerMetrics;
  logger: Logger;
}

/**
 * Computes one snapshot per tick from the engine and publishes it. A tick that throws is logged and skipped: the
 * previous snapshot keeps being served.
 */
export class SnapshotCollector {
  readonly #options: CollectorOptions;
  readonly #clock: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: CollectorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  tick(): Snapshot | undefined {
    const { engine, metrics, logger } = this.#options;
    const started = performance.now();
    try {
      const now = this.#clock();
      const lastMessageAt = this.#options.lastUpstreamMessageAt();
      const stale = lastMessageAt === undefined || now - lastMessageAt > this.#options.staleAfterMs;
      const snapshot = Snapshot.fromEngine(engine.snapshot(now), {
        asOf: now,
        stale,
        source: this.#options.source,
        updateInterval: this.#options.intervalMs,
      });
      // Serialize the default bodies here, off the request path.
      for (const topic of ROW_TOPICS) snapshot.body(topic);
      this.#options.store.publish(snapshot);
      metrics?.snapshotsComputed.inc();
      metrics?.productsTracked.set(snapshot.meta.productsTracked);
      metrics?.snapshotDuration.observe((performance.now() - started) / 1000);
      return snapshot;
    } catch (error) {
      logger.error({ err: error }, 'snapshot computation failed; serving the previous one');
      return undefined;
    }
  }
}
