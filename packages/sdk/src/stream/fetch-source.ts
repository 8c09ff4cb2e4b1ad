import { createParser } from 'eventsource-parser';
import type { EventSourceConstructor, EventSourceLike } from './stream.js';

type Listener = (event: MessageEvent) => void;

/** `200` with the `text/event-stream` type, as an `EventSource` requires; anything else fails the connection. */
const isEventStream = (response: Response): boolean =>
  response.status === 200 &&
  response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';

/**
 * An `EventSource` class over `fetch` and `eventsource-parser`, for platforms without one (Node 20). The Node
 * entry hands it to the client; browsers never load it.
 *
 * Each instance is one connection, as the stream unit uses the browser's: `open` once the response is an
 * event stream, then an event per message (type `message` when the server names none), and one `error` when the
 * response is not an event stream, the request fails or the stream ends. It never reconnects by itself: the
 * stream unit closes it on `error` and opens another instance after its own backoff. What a browser's
 * `EventSource` keeps between its reconnections the class keeps between its instances: the last event id seen,
 * sent back as `Last-Event-ID`. The server's `retry:` is read and left unused, since the stream unit's backoff
 * sets the delay, in Node as in browsers.
 */
export const fetchEventSource = (fetchImpl?: typeof fetch): EventSourceConstructor => {
  let lastEventId = '';

  return class FetchEventSource implements EventSourceLike {
    readonly url: string;
    readonly #listeners = new Map<string, Listener[]>();
    readonly #abort = new AbortController();

    constructor(url: string) {
      this.url = url;
      void this.#connect();
    }

    addEventListener(type: string, listener: Listener): void {
      this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
    }

    /** Aborts the request (or the body being read); no event follows. */
    close(): void {
      this.#abort.abort();
    }

    #dispatch(event: Event): void {
      if (this.#abort.signal.aborted) return;
      for (const listener of this.#listeners.get(event.type) ?? []) listener(event as MessageEvent);
    }

    async #connect(): Promise<void> {
      const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      try {
        const response = await (fetchImpl ?? globalThis.fetch)(this.url, {
          headers,
          cache: 'no-store',
          signal: this.#abort.signal,
        });
        if (isEventStream(response) && response.body) {
          this.#dispatch(new Event('open'));
          await this.#read(response.body);
        } else {
          await response.body?.cancel();
        }
      } catch {
        // A network error, or the abort of close(): either way the error below (not dispatched once closed).
      }
      this.#dispatch(new Event('error'));
    }

    /** Feeds the body to the parser until it ends; resolves then, rejects when the connection breaks. */
    async #read(body: ReadableStream<Uint8Array>): Promise<void> {
      const parser = createParser({
        onEvent: ({ id, event = 'message', data }) => {
          if (id !== undefined) lastEventId = id;
          this.#dispatch(new MessageEvent(event, { data, lastEventId, origin: new URL(this.url).origin }));
        },
      });
      const decoder = new TextDecoder();
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    }
  };
};
