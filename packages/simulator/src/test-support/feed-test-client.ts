/**
 * Test helper: a feed client that buffers every message and lets a test wait for the ones it cares about,
 * with a timeout instead of sleeps. Test support only: it is not built or exported; it only needs `ws`.
 */
import { WebSocket } from 'ws';

export type FeedMessage = Record<string, unknown> & { type: string };

interface Waiter {
  readonly predicate: (message: FeedMessage) => boolean;
  readonly count: number;
  readonly found: FeedMessage[];
  readonly resolve: (messages: FeedMessage[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class FeedTestClient {
  /** Every message received, in order, consumed or not. */
  readonly received: FeedMessage[] = [];
  /** Resolves with the close code once the socket has closed. */
  readonly closed: Promise<number>;
  readonly #socket: WebSocket;
  readonly #pending: FeedMessage[] = [];
  readonly #waiters = new Set<Waiter>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.#receive(JSON.parse(data.toString()) as FeedMessage));
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** Opens a connection; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string): Promise<FeedTestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new FeedTestClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.#socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Resolves with the next `count` messages matching `predicate`, taking them out of the buffer (messages that
   * do not match stay for later calls); rejects after `timeoutMs`.
   */
  take(
    count: number,
    predicate: (message: FeedMessage) => boolean,
    timeoutMs = 3000,
  ): Promise<FeedMessage[]> {
    const found: FeedMessage[] = [];
    for (let index = 0; index < this.#pending.length && found.length < count; ) {
      const message = this.#pending[index]!;
      if (predicate(message)) {
        found.push(message);
        this.#pending.splice(index, 1);
      } else {
        index += 1;
      }
    }
    if (found.length === count) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        count,
        found,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms with ${found.length} of ${count} messages`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** The next message of `type` (optionally for `productId`). */
  async next(type: string, productId?: string, timeoutMs?: number): Promise<FeedMessage> {
    const [message] = await this.take(
      1,
      (candidate) =>
        candidate.type === type && (productId === undefined || candidate.product_id === productId),
      timeoutMs,
    );
    return message!;
  }

  /** Messages received and not yet taken. */
  get pending(): readonly FeedMessage[] {
    return this.#pending;
  }

  /** Forgets the messages received so far, so the next take() only sees what arrives later. */
  discardPending(): void {
    this.#pending.length = 0;
  }

  #receive(message: FeedMessage): void {
    this.received.push(message);
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(message)) continue;
      waiter.found.push(message);
      if (waiter.found.length === waiter.count) {
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        waiter.resolve(waiter.found);
      }
      return;
    }
    this.#pending.push(message);
  }

  close(): Promise<number> {
    for (const waiter of this.#waiters) clearTimeout(waiter.timer);
    this.#waiters.clear();
    this.#socket.terminate();
    return this.closed;
  }
}
