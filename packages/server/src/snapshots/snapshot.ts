import { createHash } from 'node:crypto';
import type { EngineSnapshot } from '../engine/rows.js';

export const COMPONENT_TOPICS = [
  'gainers-table',
  'losers-table',
  'top-banner-scroll',
  'bottom-banner-scroll',
] as const;
export type ComponentTopic = (typeof COMPONENT_TOPICS)[number];

export const DEFAULT_LIMITS: Readonly<Record<ComponentTopic, number>> = {
  'gainers-table': 15,
  'losers-table': 15,
  'top-banner-scroll': 20,
  'bottom-banner-scroll': 20,
};
export const MAX_LIMIT = 100;

/** What the collector knows besides the figures: it goes into every envelope and the health document. */
export interface SnapshotMeta {
  /** Epoch ms the snapshot was computed for. */
  asOf: number;
  stale: boolean;
  source: 'simulated' | 'coinbase' | 'replay';
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
  rows: Record<ComponentTopic, string[]>;
}

const ENVELOPE_HEAD: Readonly<Record<ComponentTopic, string>> = {
  'gainers-table': '{"component":"gainers_table","table_type":"gainers","time_frame":"3_minutes",',
  'losers-table': '{"component":"losers_table","table_type":"losers","time_frame":"3_minutes",',
  'top-banner-scroll': '{"component":"top_banner_scroll","focus":"price_change","time_frame":"1_hour",',
  'bottom-banner-scroll':
    '{"component":"bottom_banner_scroll","focus":"volume_change","time_frame":"1_hour",',
};

/**
 * One published snapshot. Requests never recompute figures: a body for a given `limit` is assembled from the
 * pre-serialized rows on first use and memoized, so the hot path is a map lookup and a socket write. Serializing
 * is deterministic, so replicas holding the same data produce the same bytes and ETags.
 */
export class Snapshot {
  readonly meta: SnapshotMeta;
  readonly #rows: Record<ComponentTopic, string[]>;
  /** Memoized bodies per topic, indexed by limit (no key string to build on the hot path). */
  readonly #bodies: Record<ComponentTopic, (SerializedBody | undefined)[]> = {
    'gainers-table': [],
    'losers-table': [],
    'top-banner-scroll': [],
    'bottom-banner-scroll': [],
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
        'gainers-table': serialize(engine.gainers),
        'losers-table': serialize(engine.losers),
        'top-banner-scroll': serialize(engine.topBanner),
        'bottom-banner-scroll': serialize(engine.bottomBanner),
      },
    });
  }

  toData(): SnapshotData {
    return { meta: this.meta, rows: this.#rows };
  }

  /** Number of rows available for a topic before any limit. */
  size(topic: ComponentTopic): number {
    return this.#rows[topic].length;
  }

  body(topic: ComponentTopic, limit: number = DEFAULT_LIMITS[topic]): SerializedBody {
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
