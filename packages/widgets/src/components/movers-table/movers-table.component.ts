import type { MoverRow } from '@cbmo4ers/sdk';
import { html, nothing, type PropertyValues, svg } from 'lit';
import { baseStyles } from '../../base/base.styles.js';
import { CbmElement, rowsFor } from '../../base/cbm-element.js';
import { frame, renderEmpty, renderError, renderStaleBadge, renderSymbol } from '../../base/render.js';
import { arrows, direction, formatChange, formatPrice, quoteCurrency } from '../../format/format.js';
import { moversTableStyles } from './movers-table.styles.js';

const COLUMNS = 6;
/** Rows rendered per task while a table first fills: a whole table of first data is one long task on a phone. */
const CHUNK = 5;
/** One bone across the row: a few elements instead of a cell and a bone per column, and no bindings. */
const skeletonRow = html`<tr part="row" class="skeleton"><td colspan="4"><span class="bone"></span></td></tr>`;

/** Points of a sparkline polyline in a 60 x 20 box, oldest first. */
const sparklinePoints = (prices: readonly number[]): string => {
  const low = Math.min(...prices);
  const span = Math.max(...prices) - low || 1;
  const step = 60 / (prices.length - 1);
  return prices
    .map((price, index) => `${(index * step).toFixed(1)},${(19 - ((price - low) / span) * 18).toFixed(1)}`)
    .join(' ');
};

/**
 * The 3-minute movers as an accessible table; `<cbm-gainers-table>` and `<cbm-losers-table>` are its two
 * elements, one per topic.
 *
 * @summary A live table of the biggest 3-minute movers: rank, asset, price, signed change, sparkline, signals.
 *
 * @attr limit - Rows shown, 1..100. Default 10.
 *
 * @csspart base - The frame around the table.
 * @csspart caption - The caption with the title and the stale badge.
 * @csspart row - A data row.
 * @csspart cell - Every data cell.
 * @csspart symbol - The asset's ticker symbol (a link unless `link="none"`).
 * @csspart name - The asset's name.
 * @csspart price - The price cell.
 * @csspart change - The change cell.
 * @csspart badge - Momentum, alert and stale badges.
 * @csspart error - The error message.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssproperty --cbm-color-bg - Background.
 * @cssproperty --cbm-color-text - Text colour.
 * @cssproperty --cbm-color-muted - Secondary text colour.
 * @cssproperty --cbm-color-border - Border colour.
 * @cssproperty --cbm-color-up - Colour of rises.
 * @cssproperty --cbm-color-down - Colour of falls.
 * @cssproperty --cbm-color-accent - Focus ring colour.
 * @cssproperty --cbm-color-subtle - Badge, skeleton and highlight background.
 * @cssproperty --cbm-font-family - Font family.
 * @cssproperty --cbm-font-size - Base font size.
 * @cssproperty --cbm-radius - Corner radius.
 * @cssproperty --cbm-row-height - Height of each row.
 *
 * @fires cbm-select - A symbol was clicked; `detail: { symbol, base, href }`. Cancel it to stay on the page.
 * @fires cbm-update - New data; `detail: { topic, data, updatedAt, stale }`.
 * @fires cbm-stale - The data became stale; `detail: { topic, updatedAt, age }`.
 * @fires cbm-error - A refresh failed; `detail: { topic, error, message, hasData }`.
 */
export abstract class CbmMoversTable<
  T extends 'gainers' | 'losers' = 'gainers' | 'losers',
> extends CbmElement<T> {
  static override styles = [baseStyles, moversTableStyles];
  static override properties = { limit: { type: Number } };

  /** Rows shown. */
  declare limit: number;

  /** The caption's title, and in lower case what could not be loaded. */
  protected abstract readonly heading: string;
  protected abstract readonly emptyText: string;
  private previousPrices = new Map<string, number>();
  private changedPrices = new Set<string>();
  private flashParity = 0;
  private renderedData: unknown;
  /** Rows shown with data; the rest stay skeleton until a later task (see CHUNK). */
  private filled = CHUNK;

  protected constructor(topic: T) {
    super(topic);
    this.limit = 10;
  }

  /** `limit` as a number of rows; the default 10 when it is not a number. */
  protected override rowsShown(): number {
    return rowsFor(this.limit, 10);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const { data } = this.state;
    if (data === this.renderedData) return;
    // Only a new snapshot highlights changed prices; re-renders for other reasons keep the classes as they are.
    this.renderedData = data;
    const rows = data?.data ?? [];
    this.changedPrices = new Set(
      rows
        .filter((row) => (this.previousPrices.get(row.symbol) ?? row.current_price) !== row.current_price)
        .map((row) => row.symbol),
    );
    this.previousPrices = new Map(rows.map((row) => [row.symbol, row.current_price]));
    // Another class than last time, so the highlight's animation starts again on a cell that changed again.
    this.flashParity = 1 - this.flashParity;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const rows = this.rows()?.length ?? 0;
    // The height of `limit` rows is reserved while loading (and kept by a message); rows that came fit the table
    // to them. Through the CSSOM, not a style attribute: a strict CSP allows the former only.
    this.renderRoot
      .querySelector<HTMLElement>('.base')
      ?.style.setProperty('--_rows', String(rows || this.rowsShown()));
    // The next rows of the same snapshot (or of a newer one, all rows from it), in the next task.
    if (this.filled < rows) {
      this.filled += CHUNK;
      this.requestUpdate();
    }
  }

  private rows(): MoverRow[] | undefined {
    return this.state.data?.data.slice(0, this.rowsShown());
  }

  protected override render() {
    if (!this.hasUpdated) return frame;
    const { error } = this.state;
    const rows = this.rows();
    const { filled } = this;
    const body = rows
      ? rows.length
        ? rows.map((row, index) => (index < filled ? this.renderRow(row) : skeletonRow))
        : this.renderMessage(renderEmpty(this.emptyText))
      : error
        ? this.renderMessage(renderError(this.heading.toLowerCase(), this.state.loading, () => this.retry()))
        : Array.from({ length: this.rowsShown() }, () => skeletonRow);
    return html`<div part="base" class="base">
      <table aria-busy=${(rows && rows.length <= filled) || error ? 'false' : 'true'}>
        <caption part="caption">
          <div class="caption"><span>${this.heading} · 3 min</span>${renderStaleBadge(this.state, this.resolvedLocale)}</div>
        </caption>
        <thead>
          <tr>
            <th scope="col" class="rank">#</th>
            <th scope="col">Asset</th>
            <th scope="col" class="num price">Price</th>
            <th scope="col" class="num change">Change</th>
            <th scope="col" class="trend"><span class="sr">Trend</span></th>
            <th scope="col" class="signals"><span class="sr">Signals</span></th>
          </tr>
        </thead>
        <tbody>
          ${body}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(row: MoverRow) {
    const locale = this.resolvedLocale;
    const change = row.price_change_percentage_3min;
    const trend = direction(change);
    const flash = this.changedPrices.has(row.symbol) ? `flash-${this.flashParity}` : '';
    return html`<tr part="row">
      <td part="cell" class="rank">${row.rank}</td>
      <th part="cell" scope="row" title=${row.name}>${renderSymbol(this, row)} <span part="name" class="name">${row.name}</span></th>
      <td part="cell price" class="num price ${flash}">${formatPrice(row.current_price, locale, quoteCurrency(row.symbol))}</td>
      <td part="cell change" class="num change ${trend}">
        <span aria-hidden="true">${arrows[trend]}</span> ${formatChange(change, locale)}
      </td>
      <td part="cell" class="trend ${trend}">
        ${
          row.sparkline.length > 1
            ? html`<svg viewBox="0 0 60 20" preserveAspectRatio="none" aria-hidden="true">${svg`<polyline points=${sparklinePoints(row.sparkline)} />`}</svg>`
            : nothing
        }
      </td>
      <td part="cell" class="signals">
        ${row.momentum === 'weak' ? nothing : html`<span part="badge" class="badge momentum">${row.momentum === 'strong' ? 'Strong' : 'Moderate'}</span>`}
        ${row.alert_level === 'high' ? html`<span part="badge" class="badge high">Alert</span>` : nothing}
      </td>
    </tr>`;
  }

  private renderMessage(content: unknown) {
    return html`<tr class="message-row">
      <td colspan=${COLUMNS}>${content}</td>
    </tr>`;
  }
}
