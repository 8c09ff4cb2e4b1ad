import type { StorageAdapter } from '../cache/cache.js';
import type { Platform, PlatformEvent } from '../platform/platform.js';
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
