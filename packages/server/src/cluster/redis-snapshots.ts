import { ROW_TOPICS } from '@cbmo4ers/contract';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { Snapshot, type SnapshotData } from '../snapshots/snapshot.js';

/** Bumped when SnapshotData changes shape, so replicas of different versions never read each other's bytes. */
const FORMAT = 'v2';

/**
 * Stores and publishes a snapshot only if it is newer than the one Redis holds, in one step: whatever the clocks
 * of the replicas or a collector that lost its lease mid-write, no replica is ever sent an older snapshot than
 * one the cluster already had. KEYS: snapshot, its as_of. ARGV: text, as_of, retain ms, channel.
 */
const WRITE_IF_NEWER_SCRIPT = `local newest = tonumber(redis.call("GET", KEYS[2]) or "-1")
if tonumber(ARGV[2]) <= newest then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[3])
redis.call("SET", KEYS[2], ARGV[2], "PX", ARGV[3])
redis.call("PUBLISH", ARGV[4], ARGV[1])
return 1`;

const rowsSchema = z.array(z.string());
const dataSchema = z.object({
  meta: z.object({
    asOf: z.number().finite(),
    stale: z.boolean(),
    source: z.enum(['simulated', 'coinbase', 'replay']),
    updateInterval: z.number().finite(),
    productsTracked: z.number().finite(),
    historySeconds: z.number().finite(),
    warm: z.boolean(),
  }),
  rows: z.object(Object.fromEntries(ROW_TOPICS.map((topic) => [topic, rowsSchema]))),
});

/** The snapshot as the collector writes it to Redis: its shareable data, as JSON. */
export function encodeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot.toData());
}

/** Back to a Snapshot; undefined for anything that is not a snapshot of this format. */
export function decodeSnapshot(text: string): Snapshot | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = dataSchema.safeParse(parsed);
  if (!result.success) return undefined;
  // Rebuilt field by field in the collector's order: the meta is serialized by name, so key order never leaks
  // into the bytes, and the rows are the collector's own strings.
  return new Snapshot(result.data as SnapshotData);
}

export interface SnapshotChannelOptions {
  /** Commands: EVAL (SET and PUBLISH in one script), GET. */
  redis: Redis;
  /** A second connection in subscriber mode. */
  subscriber: Redis;
  keyPrefix: string;
  /** How long the latest snapshot stays readable after the collector stops writing. @default 600000 */
  retainMs?: number;
}

/**
 * The snapshot's way through Redis: the collector stores the latest under one key (for replicas that start,
 * reconnect or missed a message), with its as_of under a small key of its own (cheap to poll), and publishes it
 * on a channel (for everyone already listening).
 */
export class RedisSnapshotChannel {
  readonly #options: SnapshotChannelOptions;
  readonly #key: string;
  readonly #asOfKey: string;
  readonly #channel: string;

  constructor(options: SnapshotChannelOptions) {
    this.#options = options;
    this.#key = `${options.keyPrefix}snapshot:${FORMAT}`;
    this.#asOfKey = `${options.keyPrefix}snapshot:${FORMAT}:as-of`;
    this.#channel = `${options.keyPrefix}snapshots:${FORMAT}`;
  }

  /** Stores and publishes the snapshot; false (nothing written or sent) when Redis holds one at least as new. */
  async write(snapshot: Snapshot): Promise<boolean> {
    const written = await this.#options.redis.eval(
      WRITE_IF_NEWER_SCRIPT,
      2,
      this.#key,
      this.#asOfKey,
      encodeSnapshot(snapshot),
      String(snapshot.meta.asOf),
      String(this.#options.retainMs ?? 600_000),
      this.#channel,
    );
    return written === 1;
  }

  async latest(): Promise<Snapshot | undefined> {
    const text = await this.#options.redis.get(this.#key);
    return text === null ? undefined : decodeSnapshot(text);
  }

  /** The as_of of the snapshot Redis holds, without fetching the snapshot. */
  async latestAsOf(): Promise<number | undefined> {
    const text = await this.#options.redis.get(this.#asOfKey);
    const asOf = text === null ? Number.NaN : Number(text);
    return Number.isFinite(asOf) ? asOf : undefined;
  }

  /**
   * Listens for published snapshots. The subscription is queued until Redis answers (ioredis subscribes again
   * by itself after a reconnect), so the returned promise may settle late: do not wait for it to start up.
   */
  listen(listener: (snapshot: Snapshot) => void, onInvalid: () => void): Promise<unknown> {
    this.#options.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.#channel) return;
      const snapshot = decodeSnapshot(text);
      if (snapshot) listener(snapshot);
      else onInvalid();
    });
    return this.#options.subscriber.subscribe(this.#channel);
  }
}
