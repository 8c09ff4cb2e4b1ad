import { LitElement, type PropertyDeclarations } from 'lit';

export type Theme = 'light' | 'dark' | 'auto';

/** `live="false"` reads as false, any other presence as true. */
const flag = { fromAttribute: (value: string | null) => value !== null && value !== 'false' };

/** Resolves in a task of its own (`scheduler.yield()` where there is one, which keeps its place in line). */
const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve));
};

/**
 * The base of every CBMo4ers element, the dashboard included: the page-wide attributes (server, locale, theme,
 * data mode, links), each update after the first in a task of its own, and registration under a tag.
 */
export abstract class CbmWidget extends LitElement {
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
    CbmWidget.disableWarning?.('change-in-update');
  }

  /**
   * Registers this element as `tag`, unless the page already has an element of that name: a second copy of the
   * bundle on a page must not throw.
   */
  static define(this: CustomElementConstructor, tag: string): void {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the element class the call names, not this base.
    if (!customElements.get(tag)) customElements.define(tag, this);
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

  constructor() {
    super();
    this.live = false;
  }

  /** The locale for Intl: the attribute, else the page's `lang`, else the browser default. */
  protected get resolvedLocale(): string | undefined {
    return this.locale || document.documentElement.lang || undefined;
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
    // Lit's promise resolves to false while an update asked for another one: wait for that one too.
    let settled = await super.getUpdateComplete();
    while (!settled) settled = await super.getUpdateComplete();
    return true;
  }
}
