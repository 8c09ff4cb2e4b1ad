import { TOPIC_TABLE, TOPICS, type Topic, type TopicData, topicOfEvent } from '@cbmo4ers/contract';
import { atom, type ReadableAtom } from 'nanostores';
import { checkContract } from '../contract/contract.js';
import { ContractError } from '../errors/errors.js';
import type { Clock } from '../platform/platform.js';

/** The part of the `EventSource` API the client uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A class like the browser's `EventSource`. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/**
 * The stream's one state; the stores and the client's status read it.
 * - `connecting`: its first connection is on the way (from the client's creation until that opens or fails).
 *   The stream sends every topic as soon as it opens, so the stores wait for it rather than request.
 * - `open`: its events feed the stores; requests only fill what it has not sent.
 * - `failed`: not open, since it failed (it reconnects with backoff) or stopped with its last subscriber (it
 *   restarts with the next one). The stores no longer wait for it: they request and poll until it opens.
 * - `off`: the client has no stream (`live: false`, or no `EventSource`).
 */
export type StreamState = 'connecting' | 'open' | 'failed' | 'off';

/** What happens to the connection. */
export type ConnectionEvent = 'opened' | 'errored' | 'stopped';

/**
 * Every transition of the state. A stream that exists goes by what last happened to its connection; `off`
 * never changes. A reconnection for a new URL while open is no event: the state stays `open` until the new
 * connection opens or fails.
 */
export const nextState = (state: StreamState, event: ConnectionEvent): StreamState => {
  if (state === 'off') return 'off';
  switch (event) {
    case 'opened':
      return 'open';
    case 'errored':
    case 'stopped':
      return 'failed';
  }
};

/** While true the stores wait for the stream instead of requesting: it is expected to bring every topic. */
export const storesAwaitStream = (state: StreamState): boolean => state === 'connecting' || state === 'open';

/** Who hears what the stream brings. */
export interface StreamListener {
  /** The connection opened (a reopen for a new URL too, though the state stays `open`). */
  opened(): void;
  /** A topic's event, parsed and checked against the contract. */
  message<T extends Topic>(topic: T, body: TopicData[T]): void;
  /** A topic's event that is not JSON or breaks the contract. */
  invalid(topic: Topic, error: ContractError): void;
}

export interface StreamSettings {
  baseUrl: string;
  /** Rows per row topic to ask for (`limit`), read at every (re)connect; 0 for each topic's default. */
  rows: () => number;
  /** `undefined`: the client has no stream, and the state is `off` for good. */
  EventSource: EventSourceConstructor | undefined;
  clock: Clock;
}

const EVENTS = TOPICS.map((topic) => TOPIC_TABLE[topic].event);

// Reconnection delays: 1 s, 2 s, 4 s ... up to 30 s, plus up to 10 % at random so pages do not reconnect in step.
const FIRST_RECONNECT_DELAY = 1000;
const MAX_RECONNECT_DELAY = 30_000;
const RECONNECT_JITTER = 0.1;

const reconnectDelay = (attempt: number) =>
  Math.min(MAX_RECONNECT_DELAY, FIRST_RECONNECT_DELAY * 2 ** attempt) *
  (1 + RECONNECT_JITTER * Math.random());

/**
 * One `EventSource` for every topic, and the state it is in. On any error it closes the source itself (the
 * browser's own reconnect would hide the outage from us) and reconnects with backoff; meanwhile the stores poll.
 */
export const createStream = ({ baseUrl, rows, EventSource, clock }: StreamSettings) => {
  const url = `${baseUrl}/api/stream?topics=${EVENTS}`;
  const $state = atom<StreamState>(EventSource ? 'connecting' : 'off');
  let listener: StreamListener | undefined;
  let source: EventSourceLike | undefined;
  let reconnectTimer: unknown;
  let attempt = 0;
  let running = false;

  const happened = (event: ConnectionEvent) => $state.set(nextState($state.get(), event));

  const close = () => {
    clock.clearTimeout(reconnectTimer);
    source?.close();
    source = undefined;
  };

  const receive = (event: string, data: string) => {
    const topic = topicOfEvent(event)!;
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      // Left undefined: the contract check below names the problem.
    }
    const problem = checkContract(topic, body);
    if (problem) listener?.invalid(topic, new ContractError('GET', url, `event ${event}: ${problem}`));
    else listener?.message(topic, body as TopicData[typeof topic]);
  };

  const connect = (SourceClass: EventSourceConstructor) => {
    close();
    const limit = rows();
    const current = new SourceClass(limit ? `${url}&limit=${limit}` : url);
    source = current;
    current.addEventListener('open', () => {
      attempt = 0;
      listener?.opened();
      happened('opened');
    });
    current.addEventListener('error', () => {
      close();
      reconnectTimer = clock.setTimeout(() => connect(SourceClass), reconnectDelay(attempt));
      attempt++;
      happened('errored');
    });
    for (const event of EVENTS) {
      current.addEventListener(event, (message) => receive(event, message.data));
    }
  };

  return {
    $state: $state as ReadableAtom<StreamState>,
    /** Sets who hears the stream's events (one listener: the client). */
    listen(next: StreamListener) {
      listener = next;
    },
    start() {
      if (!EventSource || running) return;
      running = true;
      connect(EventSource);
    },
    stop() {
      if (!EventSource) return;
      running = false;
      close();
      happened('stopped');
    },
    /**
     * Reconnects at once if the stream is waiting out its backoff (coming back online, a retry button), or
     * with `always` even when connected (its URL changed).
     */
    retryNow(always = false) {
      if (!EventSource || !running) return;
      if (always || !source) {
        attempt = 0;
        connect(EventSource);
      }
    },
  };
};

export type Stream = ReturnType<typeof createStream>;
