import type { Snapshot } from './snapshot.js';

/** Where the HTTP layer reads snapshots from: memory in one process, Redis-backed when scaled out. */
export interface SnapshotSource {
  current(): Snapshot | undefined;
  /** Called with every newly published snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
}

/** The single-process store: the collector publishes, HTTP and SSE read. */
export class MemorySnapshotStore implements SnapshotSource {
  #current: Snapshot | undefined;
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();

  current(): Snapshot | undefined {
    return this.#current;
  }

  publish(snapshot: Snapshot): void {
    // as_of never goes backwards for a client, whatever order snapshots arrive in.
    if (this.#current && snapshot.meta.asOf < this.#current.meta.asOf) return;
    this.#current = snapshot;
    for (const listener of this.#listeners) listener(snapshot);
  }

  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
