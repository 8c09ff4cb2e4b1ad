import { createHash } from 'node:crypto';
import { type DataSource, ENVELOPE_HEADS, ROW_TOPICS, type RowTopic, TOPIC_TABLE } from '@cbmo4ers/contract';
import type { EngineSnapshot } from '../engine/rows.js';

/** What the collector knows besides the figures: it goes into every envelope and the health document. */
export interface SnapshotMeta {
  /** Epoch ms the snapshot was computed for. */
  asOf: number;
  stale: boolean;
  source: DataSource;
  /** ms between snapshots. */
  updateInterval: number;
  productsTracked: number;
  historySeconds: number;
  warm: boolean;
}

/** A component response body, serialized once, with its strong ETag. */
export interface SerializedBody {
  readonly bytes: Buffer;
  readonly etag: string;
  /** `Last-Modified`: the snapshot's `as_of` as an HTTP date. */
  readonly lastModified: string;
}

/** The rows of every component, each row serialized to JSON once; the shareable form (Redis stores this). */
export interface SnapshotData {
  meta: SnapshotMeta;
  rows: Record<RowTopic, string[]>;
}

/**
 * Each topic's envelope up to `data`, as JSON text: its fixed fields (`component`, the `table_type` or `focus`,
 * `time_frame`) from the contract's ENVELOPE_HEADS, in their order.
 */
const ENVELOPE_HEAD = Object.fromEntries(
  ROW_TOPICS.map((topic) => [topic, `${JSON.stringify(ENVELOPE_HEADS[topic]).slice(0, -1)},`]),
) as Readonly<Record<RowTopic, string>>;

/**
 * One published snapshot. Requests never recompute figures: a body for a given `limit` is assembled from the
 * pre-serialized rows on first use and memoized, so the hot path is a map lookup and a socket write. Serializing
 * is deterministic, so replicas holding the same data produce the same bytes and ETags.
 */
export class Snapshot {
  readonly meta: SnapshotMeta;
  readonly #rows: Record<RowTopic, string[]>;
  /** Memoized bodies per topic, indexed by limit (no key string to build on the hot path). */
  readonly #bodies: Record<RowTopic, (SerializedBody | undefined)[]> = {
    gainers: [],
    losers: [],
    topBanner: [],
    bottomBanner: [],
  };

  constructor(data: SnapshotData) {
    this.meta = data.meta;
    this.#rows = data.rows;
  }

  static fromEngine(
    engine: EngineSnapshot,
    meta: Omit<SnapshotMeta, 'productsTracked' | 'historySeconds' | 'warm'>,
  ) {
    const serialize = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row));
    return new Snapshot({
      meta: {
        ...meta,
        productsTracked: engine.productsTracked,
        historySeconds: engine.historySeconds,
        warm: engine.warm,
      },
      rows: {
        gainers: serialize(engine.gainers),
        losers: serialize(engine.losers),
        topBanner: serialize(engine.topBanner),
        bottomBanner: serialize(engine.bottomBanner),
      },
    });
  }

  toData(): SnapshotData {
    return { meta: this.meta, rows: this.#rows };
  }

  /** Number of rows available for a topic before any limit. */
  size(topic: RowTopic): number {
    return this.#rows[topic].length;
  }

  body(topic: RowTopic, limit: number = TOPIC_TABLE[topic].defaultRows): SerializedBody {
    let body = this.#bodies[topic][limit];
    if (!body) {
      const rows = this.#rows[topic].slice(0, limit);
      const { asOf, stale, source, updateInterval } = this.meta;
      const json =
        `${ENVELOPE_HEAD[topic]}"data":[${rows.join(',')}],"count":${rows.length},` +
        `"last_updated":"${new Date(asOf).toISOString()}","as_of":${asOf},"stale":${stale},` +
        `"source":"${source}","update_interval":${updateInterval}}`;
      const bytes = Buffer.from(json, 'utf8');
      const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
      body = { bytes, etag, lastModified: new Date(asOf).toUTCString() };
      this.#bodies[topic][limit] = body;
    }
    return body;
  }
}
