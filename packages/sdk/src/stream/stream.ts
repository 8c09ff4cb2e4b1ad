import type { Clock } from '../platform/platform.js';

/** The part of the `EventSource` API the client uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A class like the browser's `EventSource`. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export interface LiveSettings {
  /** Read at every (re)connect. */
  url: () => string;
  /** Event names to listen to (the stream names its events after the topics). */
  events: readonly string[];
  EventSource: EventSourceConstructor;
  clock: Clock;
  onEvent(event: string, data: string): void;
  /** True once the stream is open, false when it fails or stops. */
  onLive(live: boolean): void;
}

/**
 * One `EventSource` for every topic. On any error it closes the source itself (the browser's own reconnect
 * would hide the outage from us) and reconnects with backoff; meanwhile the client polls.
 */
export const createLive = (settings: LiveSettings) => {
  const { clock } = settings;
  let source: EventSourceLike | undefined;
  let timer: unknown;
  let attempt = 0;
  let running = false;

  const close = () => {
    clock.clearTimeout(timer);
    source?.close();
    source = undefined;
  };

  const connect = () => {
    close();
    const current = new settings.EventSource(settings.url());
    source = current;
    current.addEventListener('open', () => {
      attempt = 0;
      settings.onLive(true);
    });
    current.addEventListener('error', () => {
      close();
      // 1 s, 2 s, 4 s ... up to 30 s, plus up to 10 % jitter.
      timer = clock.setTimeout(connect, Math.min(30_000, 1000 * 2 ** attempt++) * (1 + 0.1 * Math.random()));
      settings.onLive(false);
    });
    for (const name of settings.events) {
      current.addEventListener(name, (event) => settings.onEvent(name, event.data));
    }
  };

  return {
    start() {
      if (!running) {
        running = true;
        connect();
      }
    },
    stop() {
      running = false;
      close();
      settings.onLive(false);
    },
    /**
     * Reconnect at once if the stream is waiting out its backoff (coming back online, a retry button), or with
     * `always` even when connected (its URL changed).
     */
    retryNow(always?: boolean) {
      if (running && (always || !source)) {
        attempt = 0;
        connect();
      }
    },
  };
};

export type Live = ReturnType<typeof createLive>;
