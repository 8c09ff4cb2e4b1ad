import type { StorageAdapter } from '../cache/cache.js';
import type { Clock, Platform, PlatformEvent } from '../platform/platform.js';
import type { EventSourceLike } from '../stream/stream.js';

/** A scriptable EventSource: tests open it, push events and fail it. */
export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  static get last(): FakeEventSource {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1]!;
  }
  readonly url: string;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data?: unknown): void {
    if (this.closed) return;
    const event = { data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** A platform whose visibility and connectivity the test sets. */
export const fakePlatform = () => {
  const listeners = new Set<(event: PlatformEvent) => void>();
  const state = { visible: true, online: true };
  const platform: Platform = {
    isVisible: () => state.visible,
    isOnline: () => state.online,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const fire = (event: PlatformEvent) => {
    if (event === 'hidden' || event === 'visible') state.visible = event === 'visible';
    if (event === 'online' || event === 'offline') state.online = event === 'online';
    for (const listener of listeners) listener(event);
  };
  return { platform, fire, listeners };
};

export const memoryStorage = (): StorageAdapter & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
};

/** A clock whose time moves only when the test advances it, running the timers that fall due in order. */
export const manualClock = (start = Date.UTC(2026, 10, 24, 18)) => {
  let now = start;
  let lastId = 0;
  let timers: { id: number; at: number; callback: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout(callback, ms) {
      lastId += 1;
      timers.push({ id: lastId, at: now + ms, callback });
      return lastId;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
  };
  return {
    clock,
    /** The delays from now of the timers waiting, soonest first. */
    pending: () => timers.map((timer) => timer.at - now).sort((a, b) => a - b),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
  };
};
