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
  /** A client whose unsent output exceeds this is too slow to keep up and is dropped. @default 1 MiB */
  maxBufferedBytes?: number;
}

interface StreamClient {
  readonly res: Response;
  /** Clients with the same topics and limit receive the very same bytes. */
  readonly key: string;
  readonly topics: ReadonlySet<Topic>;
  /** Rows per table and banner topic; each endpoint's default when undefined. */
  readonly limit: number | undefined;
}

/**
 * Server-Sent Events fan-out. Each snapshot is encoded once per distinct subscription (topics and limit) as one
 * Buffer, and that Buffer is written to every client of the subscription: 2,000 clients cost 2,000 socket
 * writes, not 2,000 serializations or UTF-8 encodings.
 */
export class StreamHub {
  readonly #options: StreamHubOptions;
  readonly #clients = new Set<StreamClient>();
  readonly #ping: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  #closing = false;

  constructor(options: StreamHubOptions) {
    this.#options = options;
    const ping = Buffer.from(': ping\n\n');
    this.#ping = setInterval(() => {
      for (const client of this.#clients) this.#write(client, ping);
    }, options.pingIntervalMs ?? 15_000);
    this.#ping.unref();
    this.#unsubscribe = options.snapshots.subscribe((snapshot) => this.#broadcast(snapshot));
  }

  get clients(): number {
    return this.#clients.size;
  }

  routes(): Router {
    const router = Router();
    router.all('/api/stream', methodGuard(['GET']));
    router.get('/api/stream', (req, res) => this.#open(req, res));
    return router;
  }

  /** Ends every stream (SIGTERM): clients see a clean end and reconnect elsewhere after `retry`. */
  close(): void {
    this.#closing = true;
    clearInterval(this.#ping);
    this.#unsubscribe();
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
    this.#options.metrics?.streamClients.set(0);
  }

  #open(req: Request, res: Response): void {
    const query = readQuery(req, ['topics', 'limit']);
    const topics = parseTopics(query.topics);
    const limit = query.limit === undefined ? undefined : parseLimit(query.limit, 0, MAX_ROWS);
    if (this.#closing) throw new ApiError(503, 'unavailable', 'Server is shutting down');
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    const key = `${TOPICS.filter((topic) => topics.has(topic)).join(',')}|${limit ?? ''}`;
    const client: StreamClient = { res, key, topics, limit };
    this.#clients.add(client);
    this.#options.metrics?.streamClients.set(this.#clients.size);
    res.write('retry: 3000\n\n');
    const snapshot = this.#options.snapshots.current();
    if (snapshot) this.#write(client, new EventEncoder(snapshot, this.#options.healthJson).for(client));
    res.on('close', () => {
      this.#clients.delete(client);
      this.#options.metrics?.streamClients.set(this.#clients.size);
    });
  }

  #broadcast(snapshot: Snapshot): void {
    if (this.#clients.size === 0) return;
    const encoder = new EventEncoder(snapshot, this.#options.healthJson);
    for (const client of this.#clients) this.#write(client, encoder.for(client));
  }

  #write(client: StreamClient, bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (client.res.writableLength > (this.#options.maxBufferedBytes ?? 1024 * 1024)) {
      client.res.destroy();
      return;
    }
    client.res.write(bytes);
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
