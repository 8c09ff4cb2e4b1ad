import { type Client, getSharedClient, type Topic, type TopicState } from '@cbmo4ers/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ReadableAtom } from 'nanostores';
import { pageErrorHook, resolveApi } from '../config/config.js';
import { formatAge, formatChange } from '../format/format.js';

export type Theme = 'light' | 'dark' | 'auto';

/** `cbm-select`: a symbol was activated. Cancel it to keep the link from being followed. */
export interface CbmSelectDetail {
  symbol: string;
  base: string;
  /** Where the link goes; `undefined` with `link="none"`. */
  href: string | undefined;
}
/** `cbm-update`: new data arrived. */
export interface CbmUpdateDetail {
  topic: Topic;
  /** The endpoint envelope (rows in `data.data`) or the health document. */
  data: unknown;
  updatedAt: number | undefined;
  stale: boolean;
}
/** `cbm-stale`: the data shown has become stale. */
export interface CbmStaleDetail {
  topic: Topic;
  updatedAt: number | undefined;
  /** Age of the data in ms. */
  age: number;
}
/** `cbm-error`: a refresh failed (data already shown, if any, stays). */
export interface CbmErrorDetail {
  topic: Topic;
  error: Error;
  message: string;
  /** Whether older data is still on screen. */
  hasData: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cbm-select': CustomEvent<CbmSelectDetail>;
    'cbm-update': CustomEvent<CbmUpdateDetail>;
    'cbm-stale': CustomEvent<CbmStaleDetail>;
    'cbm-error': CustomEvent<CbmErrorDetail>;
  }
}

/** A row that can be linked. */
export interface LinkedRow {
  symbol: string;
  base: string;
  url?: string;
}

type AnyState = TopicState<unknown>;
const EMPTY: AnyState = {
  data: undefined,
  error: undefined,
  loading: false,
  stale: false,
  updatedAt: undefined,
};

/** The snapshot an envelope carries: its time and its row count (a larger `limit` brings more rows of the same one). */
const sameSnapshot = (a: unknown, b: unknown): boolean => {
  const x = a as { as_of?: number; count?: number } | undefined;
  const y = b as typeof x;
  return a === b || (x?.as_of !== undefined && x.as_of === y?.as_of && x.count === y.count);
};

/**
 * Whether `next` draws the same as `before`: the same snapshot (the stream re-sending what a request just loaded),
 * the same error and staleness, a request starting or ending while there is no error to show, a new receive time
 * while the badge that shows it is off.
 */
const drawsSame = (before: AnyState, next: AnyState): boolean =>
  sameSnapshot(before.data, next.data) &&
  before.error === next.error &&
  before.stale === next.stale &&
  (before.loading === next.loading || !next.error) &&
  (before.updatedAt === next.updatedAt || !next.stale);

/** `live="false"` reads as false, any other presence as true. */
const flag = { fromAttribute: (value: string | null) => value !== null && value !== 'false' };

/** Resolves in a task of its own (`scheduler.yield()` where there is one, which keeps its place in line). */
const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve));
};

/** The first render of a table or ticker: its frame, which its styles size, and nothing in it yet. */
export const frame = html`<div part="base" class="base"></div>`;

/** A `cbm-*` event: bubbles and crosses shadow roots, so the page can listen on any ancestor. */
const cbmEvent = <T>(type: string, detail: T, cancelable: boolean) =>
  new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable });

/**
 * The base of every CBMo4ers element: page-wide configuration, the shared SDK client, store subscriptions,
 * the `cbm-*` events and the pieces every state needs (stale badge, error with retry, empty message, links).
 */
export abstract class CbmElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: {},
    locale: {},
    theme: { reflect: true },
    live: { converter: flag },
    refresh: { type: Number },
    link: {},
  };

  // Lit's development build warns when an update requests another; here that is how the first updates and a
  // table's rows are spread over tasks.
  static {
    CbmElement.disableWarning?.('change-in-update');
  }

  /** Server base URL. Default: `configure({ api })`, else `<meta name="cbm-api">`, else the page's origin. */
  declare api: string | undefined;
  /** BCP 47 locale of numbers and times. Default: the page's `lang`, else the browser's. */
  declare locale: string | undefined;
  /** `light` (default), `dark`, or `auto` to follow `prefers-color-scheme`. */
  declare theme: Theme | undefined;
  /** Stream updates (Server-Sent Events) instead of polling. */
  declare live: boolean;
  /** Polling period in ms. Default: 5000. */
  declare refresh: number | undefined;
  /** Link template with `{base}` and `{symbol}`, or `none`. Default: the row's Coinbase price page. */
  declare link: string | undefined;

  /** The topic whose state this element renders and reports in its events. */
  protected topic: Topic | undefined;
  protected client: Client | undefined;
  private clientKey: string | undefined;
  private stops: Array<() => void> = [];
  private ageTimer: ReturnType<typeof setInterval> | undefined;
  /** Updates done, counted up to the one that connects (see willUpdate). */
  private renders = 0;

  constructor() {
    super();
    this.live = false;
  }

  /** Further stores to re-render on (the topic's store is always watched). */
  protected extraStores(_client: Client): ReadableAtom<unknown>[] {
    return [];
  }

  /** Fetches this element's data again now, skipping a circuit breaker's cooldown. The retry button calls it. */
  retry(): Promise<void> {
    return this.client?.refresh(this.topic) ?? Promise.resolve();
  }

  /** Current state of the element's topic; the empty loading state while not connected. */
  protected get state(): AnyState {
    const store = this.topicStore();
    return store ? store.get() : EMPTY;
  }

  /** The locale for Intl: the attribute, else the page's `lang`, else the browser default. */
  protected get resolvedLocale(): string | undefined {
    return this.locale || document.documentElement.lang || undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  /**
   * After the first render, every element renders in a task of its own instead of all in the microtasks of
   * one: a page of widgets stays responsive to input while data arrives and on every tick. The first render
   * stays in the task that defines or creates the element, so no frame shows it without its size; it is kept
   * small (tables and tickers draw their sized frame only), since that task defines every element of a page.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated) await nextTask();
    super.scheduleUpdate();
  }

  /** Resolves once the element has settled: the updates that follow the first (skeleton, rows) included. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (!(await super.getUpdateComplete()));
    return true;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Not in the first updates: frame, then skeleton, then the connection (shared client, first request),
    // each in a task of its own.
    if (this.renders > 1) this.connectClient(changed);
    this.ensureRows();
  }

  /**
   * Formats a throwaway value, so the formatters the first data needs already exist. A page's first `Intl`
   * formatter starts ICU (tens of ms); called in a task of its own while the data is on its way, that cost no
   * longer lands in the first render with data.
   */
  protected warm(): void {
    formatChange(0, this.resolvedLocale);
  }

  /**
   * An element showing more rows than the server sends by default asks the shared client for them (before it
   * subscribes, so the first load already carries them); the client keeps the largest figure any element
   * asked for, and each element shows its own first rows.
   */
  private ensureRows(): void {
    const rows = (this as { limit?: unknown }).limit;
    if (this.client && this.topic && this.topic !== 'health' && typeof rows === 'number' && rows >= 1)
      this.client.ensureRows(this.topic, Math.min(100, Math.floor(rows)));
  }

  private connectClient(changed: PropertyValues): void {
    if (
      !this.topic ||
      !this.isConnected ||
      (this.client && !changed.has('api') && !changed.has('live') && !changed.has('refresh'))
    ) {
      return;
    }
    const baseUrl = resolveApi(this.api);
    const key = `${baseUrl}|${this.live}|${this.refresh}`;
    if (key === this.clientKey) return;
    this.release();
    this.clientKey = key;
    const refreshInterval = this.refresh && this.refresh > 0 ? { refreshInterval: this.refresh } : {};
    const onError = pageErrorHook();
    const client = getSharedClient({
      baseUrl,
      live: this.live,
      ...refreshInterval,
      ...(onError ? { onError } : {}),
    });
    this.client = client;
    setTimeout(() => this.warm());
    this.ensureRows();
    for (const store of this.extraStores(client)) this.stops.push(store.listen(() => this.requestUpdate()));
    const store = this.topicStore();
    if (store) this.stops.push(this.observe(store));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.topic && this.renders < 2) {
      this.renders++;
      this.requestUpdate();
    }
    const { stale, data } = this.state;
    // The stale badge shows the data's age: keep it ticking while it is on screen.
    if (stale && data && !this.ageTimer) this.ageTimer = setInterval(() => this.requestUpdate(), 1000);
    if (!(stale && data) && this.ageTimer) this.stopAgeTimer();
  }

  protected emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(cbmEvent(type, detail, cancelable));
  }

  /** Where a row links to, or undefined for `link="none"` and for anything but http(s). */
  protected hrefFor(row: LinkedRow): string | undefined {
    const template = this.link;
    if (template === 'none') return undefined;
    const url = template
      ? template
          .replaceAll('{base}', encodeURIComponent(row.base))
          .replaceAll('{symbol}', encodeURIComponent(row.symbol))
      : row.url || `https://www.coinbase.com/price/${encodeURIComponent(row.base.toLowerCase())}`;
    try {
      const parsed = new URL(url, document.baseURI);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** Click on a row link: `cbm-select` first; cancelling it keeps the browser from following the link. */
  protected select(event: Event, row: LinkedRow): void {
    const detail: CbmSelectDetail = { symbol: row.symbol, base: row.base, href: this.hrefFor(row) };
    if (!this.emit('cbm-select', detail, true)) event.preventDefault();
  }

  /** The symbol, as a link unless `link="none"`. */
  protected renderSymbol(row: LinkedRow) {
    const href = this.hrefFor(row);
    return href
      ? html`<a part="symbol" class="symbol" href=${href} @click=${(event: Event) => this.select(event, row)}
          >${row.base}</a
        >`
      : html`<span part="symbol" class="symbol">${row.base}</span>`;
  }

  protected renderStaleBadge() {
    const { stale, data, updatedAt } = this.state;
    if (!stale || !data) return nothing;
    const age = formatAge(Date.now() - (updatedAt ?? Date.now()), this.resolvedLocale);
    return html`<span part="badge stale" class="badge stale" role="status">Stale · ${age}</span>`;
  }

  protected renderError(what: string) {
    const retrying = this.state.loading;
    return html`<div part="error" class="message error" role="alert">
      <span>Could not load ${what}.</span>
      <button part="retry" type="button" ?disabled=${retrying} @click=${() => this.retry()}>
        ${retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>`;
  }

  protected renderEmpty(text: string) {
    return html`<div part="empty" class="message empty">${text}</div>`;
  }

  private topicStore(): ReadableAtom<AnyState> | undefined {
    const stores = this.client as unknown as Record<string, ReadableAtom<AnyState>> | undefined;
    return this.topic && stores?.[`$${this.topic}`];
  }

  private observe(store: ReadableAtom<AnyState>): () => void {
    let previous = EMPTY;
    const onChange = (state: AnyState) => {
      const before = previous;
      previous = state;
      this.report(before, state);
      // On a phone every render of a table is a long task: none for a state that draws the same.
      if (!drawsSame(before, state)) this.requestUpdate();
    };
    const stop = store.listen(onChange);
    // Subscribing may have loaded synchronously; otherwise report what is already there (a shared client).
    if (previous !== store.get()) onChange(store.get());
    return stop;
  }

  private report(before: AnyState, after: AnyState): void {
    const topic = this.topic!;
    const { data, error, stale, updatedAt } = after;
    if (data && updatedAt !== before.updatedAt) {
      this.emit<CbmUpdateDetail>('cbm-update', { topic, data, updatedAt, stale });
    }
    if (data && stale && !before.stale) {
      this.emit<CbmStaleDetail>('cbm-stale', {
        topic,
        updatedAt,
        age: Date.now() - (updatedAt ?? Date.now()),
      });
    }
    if (error && error !== before.error) {
      this.emit<CbmErrorDetail>('cbm-error', { topic, error, message: error.message, hasData: !!data });
    }
  }

  private stopAgeTimer(): void {
    clearInterval(this.ageTimer);
    this.ageTimer = undefined;
  }

  private release(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.client?.dispose();
    this.client = undefined;
    this.clientKey = undefined;
    this.stopAgeTimer();
  }
}
