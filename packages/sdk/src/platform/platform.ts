/** Time source and timers. Injected so the breaker, cache ages, polling and the stream backoff run on fake time. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the platform tells the client: page visibility, window focus and connectivity. */
export type PlatformEvent = 'visible' | 'hidden' | 'focus' | 'online' | 'offline';

/** Page lifecycle hooks. The default reads `document` and `window` when they exist and is inert in Node. */
export interface Platform {
  /** False while the page is hidden (background tab): polling pauses. */
  isVisible(): boolean;
  /** False while the device reports no network. */
  isOnline(): boolean;
  /** Calls `listener` for each platform event; returns the unsubscribe function. */
  listen(listener: (event: PlatformEvent) => void): () => void;
}

/** Resolves the globals on every call so fake timers installed after import still apply. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

const WINDOW_EVENTS = ['focus', 'online', 'offline'] as const;

/** The page's visibility, focus and connectivity; in Node (no `document`, no `window`) always visible and online. */
export const browserPlatform = (): Platform => {
  const doc = globalThis.document as Document | undefined;
  const win = globalThis.window as Window | undefined;
  const isVisible = () => doc?.visibilityState !== 'hidden';
  return {
    isVisible,
    isOnline: () => globalThis.navigator?.onLine !== false,
    listen(listener) {
      const onVisibility = () => listener(isVisible() ? 'visible' : 'hidden');
      const onWindow = (event: Event) => listener(event.type as PlatformEvent);
      doc?.addEventListener('visibilitychange', onVisibility);
      for (const type of WINDOW_EVENTS) win?.addEventListener(type, onWindow);
      return () => {
        doc?.removeEventListener('visibilitychange', onVisibility);
        for (const type of WINDOW_EVENTS) win?.removeEventListener(type, onWindow);
      };
    },
  };
};
