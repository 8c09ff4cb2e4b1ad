import { MAX_ROWS } from '@cbmo4ers/contract';
import { type Client, getSharedClient, type RowTopic, type Topic } from '@cbmo4ers/sdk';
import type { PropertyValues } from 'lit';
import type { ReadableAtom } from 'nanostores';
import { pageErrorHook, resolveApi } from '../config/config.js';
import { formatChange } from '../format/format.js';
import { CbmWidget } from './cbm-widget.js';
import { TopicController } from './topic-controller.js';

export type { Theme } from './cbm-widget.js';

const hasRows = (topic: Topic): topic is RowTopic => topic !== 'health';

/** Rows to show for a `limit` attribute: whole, 1 to the most the server sends, `fallback` when not a number. */
export const rowsFor = (limit: number, fallback: number): number =>
  Math.min(MAX_ROWS, Math.max(1, Math.floor(limit) || fallback));

/**
 * The base of every element that shows a topic: the page's shared SDK client for its `api`, `live` and
 * `refresh`, the topic's state through a {@link TopicController} (with the `cbm-*` events), and a first
 * connection that waits for the frame and the skeleton to be drawn.
 */
export abstract class CbmElement<T extends Topic> extends CbmWidget {
  /** The topic's store, once there is a client. */
  protected readonly feed: TopicController<T>;
  protected client: Client | undefined;
  /** Which client this element holds: base URL, mode and polling period. */
  private clientKey: string | undefined;
  private stops: Array<() => void> = [];
  /** Updates done, counted up to the one that connects (see willUpdate). */
  private renders = 0;

  protected constructor(topic: T) {
    super();
    this.feed = new TopicController(this, topic);
  }

  /** The topic whose state this element renders and reports in its events. */
  protected get topic(): T {
    return this.feed.topic;
  }

  /** Current state of the element's topic; the empty loading state while not connected. */
  protected get state() {
    return this.feed.state;
  }

  /** Fetches this element's data again now, skipping a circuit breaker's cooldown. The retry button calls it. */
  retry(): Promise<void> {
    return this.client?.refresh(this.topic) ?? Promise.resolve();
  }

  /** Further stores to re-render on (the topic's store is always watched). */
  protected extraStores(_client: Client): ReadableAtom<unknown>[] {
    return [];
  }

  /** How many rows this element shows, if it shows rows: the shared client then loads at least as many. */
  protected rowsShown(): number | undefined {
    return undefined;
  }

  /**
   * Formats a throwaway value, so the formatters the first data needs already exist. A page's first `Intl`
   * formatter starts ICU (tens of ms); called in a task of its own while the data is on its way, that cost no
   * longer lands in the first render with data.
   */
  protected warm(): void {
    formatChange(0, this.resolvedLocale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in a page: the next update connects again.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Not in the first updates: frame, then skeleton, then the connection (shared client, first request),
    // each in a task of its own.
    if (this.renders > 1) this.connectClient(changed);
    this.askForRows();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.renders < 2) {
      this.renders++;
      this.requestUpdate();
    }
  }

  /**
   * An element showing more rows than the server sends by default asks the shared client for them (before it
   * subscribes, so the first load already carries them); the client keeps the largest figure any element
   * asked for, and each element shows its own first rows.
   */
  private askForRows(): void {
    const rows = this.rowsShown();
    const { client, topic } = this;
    if (client && rows !== undefined && hasRows(topic)) client.ensureRows(topic, rows);
  }

  private connectClient(changed: PropertyValues): void {
    const settingsChanged = changed.has('api') || changed.has('live') || changed.has('refresh');
    if (!this.isConnected || (this.client && !settingsChanged)) return;
    const baseUrl = resolveApi(this.api);
    const key = `${baseUrl}|${this.live}|${this.refresh}`;
    if (key === this.clientKey) return;
    this.release();
    this.clientKey = key;
    const onError = pageErrorHook();
    const client = getSharedClient({
      baseUrl,
      live: this.live,
      ...(this.refresh && this.refresh > 0 ? { refreshInterval: this.refresh } : {}),
      ...(onError ? { onError } : {}),
    });
    this.client = client;
    setTimeout(() => this.warm());
    this.askForRows();
    for (const store of this.extraStores(client)) this.stops.push(store.listen(() => this.requestUpdate()));
    this.feed.follow(client);
  }

  private release(): void {
    this.feed.unfollow();
    for (const stop of this.stops.splice(0)) stop();
    this.client?.dispose();
    this.client = undefined;
    this.clientKey = undefined;
  }
}
