import { TOPIC_TABLE } from '@cbmo4ers/contract';
import type { RowOf } from '@cbmo4ers/sdk';
import { html, nothing, type PropertyValues, svg } from 'lit';
import { baseStyles } from '../../base/base.styles.js';
import { CbmElement, rowsFor } from '../../base/cbm-element.js';
import { frame, renderEmpty, renderError, renderStaleBadge, renderSymbol } from '../../base/render.js';
import { arrows, direction, formatChange } from '../../format/format.js';
import { tickerStyles } from './ticker.styles.js';

const pauseIcon = svg`<rect x="2" y="1" width="3" height="10" /><rect x="7" y="1" width="3" height="10" />`;
const playIcon = svg`<path d="M2 1 L11 6 L2 11 Z" />`;
const bone = html`<span class="bone"></span>`;
const skeleton = html`<div class="copy skeleton">${[bone, bone, bone, bone, bone, bone, bone, bone]}</div>`;

/** What an item shows after its symbol: a figure (in the `price` part), what it is if not the price, its change. */
export interface TickerFigures {
  caption?: string;
  value: string;
  /** Percent. */
  change: number;
}

/**
 * A horizontally scrolling strip of rows: two identical copies moved by a CSS transform animation, so the loop
 * is seamless; the second copy is `aria-hidden` and its links are out of the tab order. Pauses on hover, on focus and with its button;
 * does not move at all under `prefers-reduced-motion: reduce` (the strip scrolls by hand instead). The items'
 * links are one tab stop (a roving tabindex: arrow keys, Home and End move between them); while one has keyboard
 * focus the strip stands at its start and scrolls the focused item into view.
 */
export abstract class CbmTicker<T extends 'topBanner' | 'bottomBanner'> extends CbmElement<T> {
  static override styles = [baseStyles, tickerStyles];
  static override properties = {
    limit: { type: Number },
    speed: { type: Number },
    paused: { type: Boolean, reflect: true },
    label: {},
  };

  /**
   * Items shown, 1..100 (more than the server sends by default are asked for).
   * @default 20
   */
  declare limit: number;
  /** Scrolling speed in pixels per second, the same whatever the number of items. */
  declare speed: number;
  /** Stops the scrolling (the pause button toggles it). */
  declare paused: boolean;
  /** Accessible name of the strip. Default: what it shows, numbered from the second ticker of a kind on. */
  declare label: string | undefined;

  /** The accessible name of the first ticker of its kind. */
  protected abstract readonly defaultLabel: string;
  protected abstract readonly emptyText: string;
  protected abstract figures(row: RowOf<T>, locale: string | undefined): TickerFigures;

  private resizeObserver: ResizeObserver | undefined;
  private observed: Element | undefined;
  /** Sizes as the ResizeObserver reported them, so measuring never reads layout (no forced reflow). */
  private copyWidth = 0;
  private viewportWidth = 0;
  /** Whether the duplicate copy is filled: a task after the first, so the first data costs one copy's work. */
  private looped = false;
  /** The index of the link that Tab reaches. */
  private tabStop = 0;

  protected constructor(topic: T) {
    super(topic);
    this.limit = TOPIC_TABLE[topic].defaultRows;
    this.speed = 40;
    this.paused = false;
  }

  /**
   * The strip's accessible name: the `label` attribute, else the default, numbered from the second ticker of its
   * kind in the same document (or shadow root) on, so that each is a landmark of its own name.
   */
  protected get name(): string {
    const nth = [...(this.getRootNode() as ParentNode).querySelectorAll(this.localName)].indexOf(this) + 1;
    return this.label || (nth > 1 ? `${this.defaultLabel} (${nth})` : this.defaultLabel);
  }

  protected override rowsShown(): number {
    return rowsFor(this.limit, TOPIC_TABLE[this.topic].defaultRows);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.observed = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const copy = this.renderRoot.querySelector('ul.copy');
    if (copy && copy !== this.observed) {
      // Writing in the next frame: writing sizes inside the observer's callback would loop it.
      this.resizeObserver ??= new ResizeObserver((entries) => {
        for (const { target, borderBoxSize, contentRect } of entries) {
          if (target === this.observed) this.copyWidth = borderBoxSize[0]?.inlineSize ?? contentRect.width;
          else this.viewportWidth = contentRect.width;
        }
        requestAnimationFrame(() => this.measure());
      });
      this.resizeObserver.disconnect();
      this.resizeObserver.observe(copy);
      this.resizeObserver.observe(this.renderRoot.querySelector('.viewport')!);
      this.observed = copy;
    }
    if (changed.has('speed')) this.measure();
    // New items come with links of their own: one tab stop again.
    this.setTabStop(this.tabStop);
    if (!this.looped && this.observed) {
      this.looped = true;
      this.requestUpdate();
    }
  }

  protected override render() {
    if (!this.hasUpdated) return frame;
    const { data, error, loading } = this.state;
    const rows: RowOf<T>[] | undefined = data?.data.slice(0, this.rowsShown());
    const content = rows
      ? rows.length
        ? this.renderTrack(rows)
        : renderEmpty(this.emptyText)
      : error
        ? renderError(this.name.toLowerCase(), loading, () => this.retry())
        : skeleton;
    return html`<div
      part="base"
      class="base ${this.paused ? 'paused' : ''}"
      role="region"
      aria-label=${this.name}
      aria-busy=${rows || error ? 'false' : 'true'}
    >
      <button part="pause" class="pause" type="button" @click=${() => (this.paused = !this.paused)}>
        <svg viewBox="0 0 12 12" aria-hidden="true">${this.paused ? playIcon : pauseIcon}</svg>
        <span class="sr">${this.paused ? 'Play' : 'Pause'} ${this.name.toLowerCase()}</span>
      </button>
      <div class="viewport">${content}</div>
      ${renderStaleBadge(this.state, this.resolvedLocale)}
    </div>`;
  }

  private renderItem(row: RowOf<T>) {
    const locale = this.resolvedLocale;
    const { caption, value, change } = this.figures(row, locale);
    const trend = direction(change);
    return html`${renderSymbol(this, row)}
      ${caption ? html`<span class="muted">${caption}</span>` : nothing}
      <span part="price" class="price">${value}</span>
      <span part="change" class="change ${trend}"
        ><span aria-hidden="true">${arrows[trend]}</span> ${formatChange(change, locale)}</span
      >`;
  }

  private renderTrack(rows: RowOf<T>[]) {
    const items = rows.map((row) => html`<li part="item" class="item">${this.renderItem(row)}</li>`);
    return html`<div part="track" class="track">
      <ul class="copy" role="list" @keydown=${this.moveFocus}>
        ${items}
      </ul>
      <ul class="copy" role="list" aria-hidden="true">
        ${this.looped ? items : nothing}
      </ul>
    </div>`;
  }

  /** The links of the first copy, the one a screen reader reads. */
  private links(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.copy:first-child a')];
  }

  /**
   * Makes the first copy's link at `index` (the first link if there are fewer) the only one that Tab reaches.
   * The second copy's links take clicks (a loop shows it half of the time) but never the tab stop.
   */
  private setTabStop(index: number): void {
    const links = this.links();
    this.tabStop = links[index] ? index : 0;
    for (const link of this.renderRoot.querySelectorAll<HTMLElement>('.copy a')) {
      link.tabIndex = link === links[this.tabStop] ? 0 : -1;
    }
  }

  /** Arrow keys go to the previous or next item, Home and End to the first and last; Tab comes back to it. */
  private moveFocus = (event: KeyboardEvent) => {
    const links = this.links();
    const index = links.indexOf(event.target as HTMLElement);
    const targets: Partial<Record<string, number>> = {
      ArrowLeft: index - 1,
      ArrowRight: index + 1,
      Home: 0,
      End: links.length - 1,
    };
    const target = targets[event.key] ?? -1;
    if (!links[target]) return;
    event.preventDefault();
    this.setTabStop(target);
    links[target].focus();
  };

  /** Duration from the width of one copy, so the speed stays constant in px/s. */
  private measure(): void {
    const track = this.renderRoot.querySelector<HTMLElement>('.track');
    if (!track || !this.copyWidth) return;
    const speed = this.speed > 0 ? this.speed : 40;
    setStyle(track, '--_viewport', `${Math.round(this.viewportWidth)}px`);
    setStyle(track, '--_duration', `${(Math.round(this.copyWidth) / speed).toFixed(3)}s`);
  }
}

/** Through the CSSOM (a strict CSP allows it), and only when the value changes: every write restyles the track. */
const setStyle = (element: HTMLElement, name: string, value: string) => {
  if (element.style.getPropertyValue(name) !== value) element.style.setProperty(name, value);
};
