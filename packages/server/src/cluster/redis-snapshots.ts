import type { Redis } from 'ioredis';
import { z } from 'zod';
import { COMPONENT_TOPICS, Snapshot, type SnapshotData } from '../snapshots/snapshot.js';

/** Bumped when SnapshotData changes shape, so replicas of different versions never read each other's bytes. */
const FORMAT = 'v1';

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
  rows: z.object(Object.fromEntries(COMPONENT_TOPICS.map((topic) => [topic, rowsSchema]))),
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
  /** Commands: SET, GET, PUBLISH. */
  redis: Redis;
  /** A second connection in subscriber mode. */
  subscriber: Redis;
  keyPrefix: string;
  /** How long the latest snapshot stays readable after the collector stops writing. @default 600000 */
  retainMs?: number;
}

/**
 * The snapshot's way through Redis: the collector stores the latest under one key (for replicas that start or
 * reconnect) and publishes it on a channel (for everyone already listening).
 */
export class RedisSnapshotChannel {
  readonly #options: SnapshotChannelOptions;
  readonly #key: string;
  readonly #channel: string;

  constructor(options: SnapshotChannelOptions) {
    this.#options = options;
    this.#key = `${options.keyPrefix}snapshot:${FORMAT}`;
    this.#channel = `${options.keyPrefix}snapshots:${FORMAT}`;
  }

  async write(snapshot: Snapshot): Promise<void> {
    const text = encodeSnapshot(snapshot);
    await this.#options.redis
      .multi()
      .set(this.#key, text, 'PX', this.#options.retainMs ?? 600_000)
      .publish(this.#channel, text)
      .exec();
  }

  async latest(): Promise<Snapshot | undefined> {
    const text = await this.#options.redis.get(this.#key);
    return text === null ? undefined : decodeSnapshot(text);
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
