import { type Request, type Response, Router } from 'express';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { COMPONENT_TOPICS, type Snapshot } from '../../snapshots/snapshot.js';
import type { SnapshotSource } from '../../snapshots/snapshot-store.js';
import { ApiError, methodGuard } from '../errors.js';
import { readQuery } from '../query.js';

export const STREAM_TOPICS = [...COMPONENT_TOPICS, 'health'] as const;
export type StreamTopic = (typeof STREAM_TOPICS)[number];

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
  readonly topics: ReadonlySet<StreamTopic>;
}

/**
 * Server-Sent Events fan-out. Each snapshot is formatted once per topic and the same string is written to every
 * client, so 2,000 clients cost 2,000 socket writes, not 2,000 serializations.
 */
export class StreamHub {
  readonly #options: StreamHubOptions;
  readonly #clients = new Set<StreamClient>();
  readonly #ping: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  #closing = false;

  constructor(options: StreamHubOptions) {
    this.#options = options;
    this.#ping = setInterval(() => this.#broadcastRaw(': ping\n\n'), options.pingIntervalMs ?? 15_000);
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
    const query = readQuery(req, ['topics']);
    const topics = parseTopics(query.topics);
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
    const client: StreamClient = { res, topics };
    this.#clients.add(client);
    this.#options.metrics?.streamClients.set(this.#clients.size);
    res.write('retry: 3000\n\n');
    const snapshot = this.#options.snapshots.current();
    if (snapshot)
      res.write(this.#eventsFor(client, formatEvents(snapshot, topics, this.#options.healthJson)));
    res.on('close', () => {
      this.#clients.delete(client);
      this.#options.metrics?.streamClients.set(this.#clients.size);
    });
  }

  #broadcast(snapshot: Snapshot): void {
    if (this.#clients.size === 0) return;
    // Only the topics someone listens to are formatted (the health document costs a JSON build per tick).
    const wanted = new Set<StreamTopic>();
    for (const client of this.#clients) for (const topic of client.topics) wanted.add(topic);
    const events = formatEvents(snapshot, wanted, this.#options.healthJson);
    for (const client of this.#clients) this.#write(client, this.#eventsFor(client, events));
  }

  #broadcastRaw(text: string): void {
    for (const client of this.#clients) this.#write(client, text);
  }

  #eventsFor(client: StreamClient, events: Map<StreamTopic, string>): string {
    let text = '';
    for (const topic of STREAM_TOPICS) if (client.topics.has(topic)) text += events.get(topic) ?? '';
    return text;
  }

  #write(client: StreamClient, text: string): void {
    if (text === '') return;
    if (client.res.writableLength > (this.#options.maxBufferedBytes ?? 1024 * 1024)) {
      client.res.destroy();
      return;
    }
    client.res.write(text);
  }
}

function parseTopics(value: string | undefined): Set<StreamTopic> {
  if (value === undefined || value.trim() === '') return new Set(STREAM_TOPICS);
  const topics = new Set<StreamTopic>();
  for (const raw of value.split(',')) {
    const topic = raw.trim();
    if (!(STREAM_TOPICS as readonly string[]).includes(topic)) {
      throw new ApiError(
        400,
        'bad_request',
        `unknown topic "${topic.slice(0, 40)}"; topics: ${STREAM_TOPICS.join(', ')}`,
      );
    }
    topics.add(topic as StreamTopic);
  }
  return topics;
}

function formatEvents(
  snapshot: Snapshot,
  topics: ReadonlySet<StreamTopic>,
  healthJson: () => string,
): Map<StreamTopic, string> {
  const events = new Map<StreamTopic, string>();
  const id = snapshot.meta.asOf;
  for (const topic of COMPONENT_TOPICS) {
    if (topics.has(topic))
      events.set(
        topic,
        `event: ${topic}\nid: ${id}\ndata: ${snapshot.body(topic).bytes.toString('utf8')}\n\n`,
      );
  }
  if (topics.has('health')) events.set('health', `event: health\nid: ${id}\ndata: ${healthJson()}\n\n`);
  return events;
}
