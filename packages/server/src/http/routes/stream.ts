import { MAX_ROWS, TOPIC_TABLE, TOPICS, type Topic, topicOfEvent } from '@cbmo4ers/contract';
import { type Request, type Response, Router } from 'express';
import type { ServerMetrics } from '../../metrics/metrics.js';
import type { Snapshot } from '../../snapshots/snapshot.js';
import type { SnapshotSource } from '../../snapshots/snapshot-store.js';
import { ApiError, methodGuard } from '../errors.js';
import { parseLimit, readQuery } from '../query.js';

export interface StreamHubOptions {
  snapshots: SnapshotSource;
  /** The health document as JSON, for the `health` topic. */
  healthJson: () => string;
  metrics?: ServerMetrics;
  /** @default 15000 */
  pingIntervalMs?: number;
  limits?: Partial<StreamLimits>;
}

/** What one process lets streams take; `STREAM_*` settings (config.ts) set them. */
export interface StreamLimits {
  /** Concurrent streams per client address (`req.ip`, so behind a trusted proxy the forwarded one). */
  maxPerClient: number;
  /** Concurrent streams in all. */
  maxTotal: number;
  /** A client that took none of its output for this many snapshots in a row is dropped. */
  maxSkippedSnapshots: number;
  /**
   * Unsent output of all clients together. Over it, every client holding more than an equal share is dropped.
   * Clients of one subscription share their buffers in memory but are counted each in full, so this errs on
   * the side of dropping.
   */
  maxTotalBufferedBytes: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze({
  maxPerClient: 20,
  maxTotal: 20_000,
  maxSkippedSnapshots: 60,
  maxTotalBufferedBytes: 256 * 1024 * 1024,
});

/** Seconds a refused client is told to wait: a per-client refusal clears only when one of its streams ends. */
const RETRY_AFTER = { perClient: 30, total: 10 } as const;

interface StreamClient {
  readonly res: Response;
  /** The address its streams are counted under. */
  readonly address: string;
  /** Clients with the same topics and limit receive the very same bytes. */
  readonly key: string;
  readonly topics: ReadonlySet<Topic>;
  /** Rows per table and banner topic; each endpoint's default when undefined. */
  readonly limit: number | undefined;
  /** Snapshots not sent because its connection had not drained; it gets the latest once it does. */
  skipped: number;
}

/**
 * Server-Sent Events fan-out. Each snapshot is encoded once per distinct subscription (topics and limit) as one
 * Buffer, and that Buffer is written to every client of the subscription: 2,000 clients cost 2,000 socket
 * writes, not 2,000 serializations or UTF-8 encodings. A client whose connection has not drained skips
 * snapshots and gets the latest when it drains (every event is the whole state of its topic), so a slow reader
 * holds at most one snapshot's events in memory instead of a growing queue of them.
 */
export class StreamHub {
  readonly #options: StreamHubOptions;
  readonly #clients = new Set<StreamClient>();
  /** Open streams per client address; an address leaves the map with its last stream. */
  readonly #perAddress = new Map<string, number>();
  #limits: StreamLimits;
  /** The latest snapshot's events, for clients that catch up after skipping. */
  #latest: EventEncoder | undefined;
  readonly #ping: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  #closing = false;

  constructor(options: StreamHubOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
    const ping = Buffer.from(': ping\n\n');
    this.#ping = setInterval(() => {
      for (const client of this.#clients) if (!client.res.writableNeedDrain) this.#write(client, ping);
    }, options.pingIntervalMs ?? 15_000);
    this.#ping.unref();
    this.#unsubscribe = options.snapshots.subscribe((snapshot) => this.#broadcast(snapshot));
  }

  get clients(): number {
    return this.#clients.size;
  }

  /** Replaces the limits (the composition root applies the configured ones); open streams stay open. */
  setLimits(limits: Partial<StreamLimits>): void {
    this.#limits = { ...this.#limits, ...limits };
  }

  routes(): Router {
    const router = Router();
    router.all('/api/stream', methodGuard(['GET']));
    // Before the GET route, which Express would otherwise run for HEAD too: a HEAD response has no body, so
    // holding it open as a stream would leave the connection unusable and count a client that reads nothing.
    router.head('/api/stream', (req, res) => {
      this.#validate(req);
      res.status(200).set(STREAM_HEADERS).end();
    });
    router.get('/api/stream', (req, res) => this.#open(req, res));
    return router;
  }

  /** Ends every stream (SIGTERM): clients see a clean end and reconnect elsewhere after `retry`. */
  close(): void {
    this.#closing = true;
    clearInterval(this.#ping);
    this.#unsubscribe();
    this.#latest = undefined;
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
    this.#perAddress.clear();
    this.#options.metrics?.streamClients.set(0);
  }

  #validate(req: Request): { topics: Set<Topic>; limit: number | undefined } {
    const query = readQuery(req, ['topics', 'limit']);
    const topics = parseTopics(query.topics);
    const limit = query.limit === undefined ? undefined : parseLimit(query.limit, 0, MAX_ROWS);
    if (this.#closing) throw new ApiError(503, 'unavailable', 'Server is shutting down');
    return { topics, limit };
  }

  #open(req: Request, res: Response): void {
    const { topics, limit } = this.#validate(req);
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    this.#admit(address, res);
    res.status(200).set(STREAM_HEADERS);
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    const key = `${TOPICS.filter((topic) => topics.has(topic)).join(',')}|${limit ?? ''}`;
    const client: StreamClient = { res, address, key, topics, limit, skipped: 0 };
    this.#clients.add(client);
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    this.#options.metrics?.streamClients.set(this.#clients.size);
    res.write('retry: 3000\n\n');
    const snapshot = this.#options.snapshots.current();
    if (snapshot) this.#write(client, new EventEncoder(snapshot, this.#options.healthJson).for(client));
    res.on('close', () => this.#remove(client));
    res.on('drain', () => {
      if (client.skipped === 0 || !this.#latest) return;
      client.skipped = 0;
      this.#write(client, this.#latest.for(client));
    });
  }

  /** Throws the 429 or 503 when a stream for `address` would exceed a cap. */
  #admit(address: string, res: Response): void {
    const { maxPerClient, maxTotal } = this.#limits;
    if ((this.#perAddress.get(address) ?? 0) >= maxPerClient) {
      res.setHeader('retry-after', String(RETRY_AFTER.perClient));
      throw new ApiError(429, 'rate_limited', `Too many streams: at most ${maxPerClient} per client`);
    }
    if (this.#clients.size >= maxTotal) {
      res.setHeader('retry-after', String(RETRY_AFTER.total));
      throw new ApiError(503, 'unavailable', 'Too many streams on this server; retry later');
    }
  }

  #remove(client: StreamClient): void {
    if (!this.#clients.delete(client)) return;
    const open = (this.#perAddress.get(client.address) ?? 1) - 1;
    if (open > 0) this.#perAddress.set(client.address, open);
    else this.#perAddress.delete(client.address);
    this.#options.metrics?.streamClients.set(this.#clients.size);
  }

  #broadcast(snapshot: Snapshot): void {
    if (this.#clients.size === 0) return;
    this.#enforceBudget();
    const encoder = new EventEncoder(snapshot, this.#options.healthJson);
    this.#latest = encoder;
    for (const client of this.#clients) {
      if (!client.res.writableNeedDrain) this.#write(client, encoder.for(client));
      else if (++client.skipped > this.#limits.maxSkippedSnapshots) this.#drop(client);
    }
  }

  /** Over the total budget, the clients holding more than an equal share of it are the slow ones: drop them. */
  #enforceBudget(): void {
    const budget = this.#limits.maxTotalBufferedBytes;
    let queued = 0;
    for (const client of this.#clients) queued += client.res.writableLength;
    if (queued <= budget) return;
    const share = budget / this.#clients.size;
    for (const client of this.#clients) if (client.res.writableLength > share) this.#drop(client);
  }

  #write(client: StreamClient, bytes: Buffer): void {
    if (bytes.length > 0 && this.#clients.has(client)) client.res.write(bytes);
  }

  /** Cuts a client off; its queued output is released with the socket. */
  #drop(client: StreamClient): void {
    this.#remove(client);
    client.res.destroy();
  }
}

/**
 * The events of one snapshot, built lazily and memoized: each topic's event text once per limit (the health
 * document only if someone subscribed to it), each subscription's bytes once.
 */
class EventEncoder {
  readonly #snapshot: Snapshot;
  readonly #healthJson: () => string;
  readonly #events = new Map<string, Buffer>();
  readonly #bytes = new Map<string, Buffer>();

  constructor(snapshot: Snapshot, healthJson: () => string) {
    this.#snapshot = snapshot;
    this.#healthJson = healthJson;
  }

  for(client: StreamClient): Buffer {
    let bytes = this.#bytes.get(client.key);
    if (!bytes) {
      const events: Buffer[] = [];
      for (const topic of TOPICS) if (client.topics.has(topic)) events.push(this.#event(topic, client.limit));
      bytes = Buffer.concat(events);
      this.#bytes.set(client.key, bytes);
    }
    return bytes;
  }

  /** One event; a component body goes in as the bytes the endpoint serves (no decode and re-encode). */
  #event(topic: Topic, limit: number | undefined): Buffer {
    const key = topic === 'health' ? topic : `${topic}|${limit ?? ''}`;
    let event = this.#events.get(key);
    if (event === undefined) {
      const head = `event: ${TOPIC_TABLE[topic].event}\nid: ${this.#snapshot.meta.asOf}\ndata: `;
      event =
        topic === 'health'
          ? Buffer.from(`${head}${this.#healthJson()}\n\n`)
          : Buffer.concat([
              Buffer.from(head),
              this.#snapshot.body(topic, limit ?? TOPIC_TABLE[topic].defaultRows).bytes,
              EVENT_END,
            ]);
      this.#events.set(key, event);
    }
    return event;
  }
}

const EVENT_END = Buffer.from('\n\n');

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** The `topics` parameter: stream event names, comma separated; every topic when absent or empty. */
function parseTopics(value: string | undefined): Set<Topic> {
  if (value === undefined || value.trim() === '') return new Set(TOPICS);
  const topics = new Set<Topic>();
  for (const raw of value.split(',')) {
    const name = raw.trim();
    const topic = topicOfEvent(name);
    if (topic === undefined) {
      const names = TOPICS.map((known) => TOPIC_TABLE[known].event).join(', ');
      throw new ApiError(400, 'bad_request', `unknown topic "${name.slice(0, 40)}"; topics: ${names}`);
    }
    topics.add(topic);
  }
  return topics;
}
