/** Time source and timers. Injected so retry, breaker, cache and polling are tested with fake time. */
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

export const browserPlatform = (): Platform => {
  const doc = globalThis.document as Document | undefined;
  const isVisible = () => doc?.visibilityState !== 'hidden';
  const targets = [
    [doc, 'visibilitychange'],
    ...['focus', 'online', 'offline'].map((type) => [globalThis.window as Window | undefined, type] as const),
  ] as const;
  return {
    isVisible,
    isOnline: () => globalThis.navigator?.onLine !== false,
    listen(listener) {
      const onEvent = ({ type }: Event) =>
        listener(
          type === 'visibilitychange' ? (isVisible() ? 'visible' : 'hidden') : (type as PlatformEvent),
        );
      for (const [target, type] of targets) target?.addEventListener(type, onEvent);
      return () => {
        for (const [target, type] of targets) target?.removeEventListener(type, onEvent);
      };
    },
  };
};
