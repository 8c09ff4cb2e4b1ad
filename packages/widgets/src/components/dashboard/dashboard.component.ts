import { html } from 'lit';
import { baseStyles } from '../../base/base.styles.js';
import { CbmElement } from '../../base/cbm-element.js';
import { dashboardStyles } from './dashboard.styles.js';

/**
 * Every widget in the reference layout: status bar, price ticker, gainers and losers side by side (stacked on
 * narrow containers), volume ticker. Its attributes are passed down; the children share one client.
 *
 * @tagname cbm-dashboard
 * @summary The reference dashboard: status, price ticker, gainers | losers, volume ticker.
 *
 * @attr limit - Rows of each table. Default 10.
 * @attr speed - Scrolling speed of both tickers in px per second. Default 40.
 *
 * @csspart base - The grid holding the widgets.
 * @csspart tables - The row of the two tables.
 *
 * @cssproperty --cbm-color-bg - Background of each widget.
 * @cssproperty --cbm-color-text - Text colour.
 * @cssproperty --cbm-color-muted - Secondary text colour.
 * @cssproperty --cbm-color-border - Border colour.
 * @cssproperty --cbm-color-up - Colour of rises.
 * @cssproperty --cbm-color-down - Colour of falls.
 * @cssproperty --cbm-color-accent - Focus ring colour.
 * @cssproperty --cbm-color-subtle - Badge, button and skeleton background.
 * @cssproperty --cbm-font-family - Font family.
 * @cssproperty --cbm-font-size - Base font size.
 * @cssproperty --cbm-radius - Corner radius.
 * @cssproperty --cbm-row-height - Row height of tables, tickers and the status bar.
 * @cssproperty --cbm-ticker-hold - How long the tickers stay still after their items appear. Default 2s.
 *
 * @fires cbm-select - From any child: a symbol was clicked; cancel it to stay on the page.
 * @fires cbm-update - From any child: new data.
 * @fires cbm-stale - From any child: its data became stale.
 * @fires cbm-error - From any child: a refresh failed.
 */
export class CbmDashboard extends CbmElement {
  static override styles = [baseStyles, dashboardStyles];
  static override properties = { limit: { type: Number }, speed: { type: Number } };

  /** Rows of each table. */
  declare limit: number;
  /** Scrolling speed of both tickers in px per second. */
  declare speed: number;

  constructor() {
    super();
    this.limit = 10;
    this.speed = 40;
  }

  protected override render() {
    const { api, locale, theme, live, refresh, link, limit, speed } = this;
    return html`<div part="base" class="base">
      <cbm-status .api=${api} .locale=${locale} .theme=${theme} .live=${live} .refresh=${refresh}></cbm-status>
      <cbm-price-ticker
        .api=${api}
        .locale=${locale}
        .theme=${theme}
        .live=${live}
        .refresh=${refresh}
        .link=${link}
        .speed=${speed}
      ></cbm-price-ticker>
      <div part="tables" class="tables">
        <cbm-gainers-table
          .api=${api}
          .locale=${locale}
          .theme=${theme}
          .live=${live}
          .refresh=${refresh}
          .link=${link}
          .limit=${limit}
        ></cbm-gainers-table>
        <cbm-losers-table
          .api=${api}
          .locale=${locale}
          .theme=${theme}
          .live=${live}
          .refresh=${refresh}
          .link=${link}
          .limit=${limit}
        ></cbm-losers-table>
      </div>
      <cbm-volume-ticker
        .api=${api}
        .locale=${locale}
        .theme=${theme}
        .live=${live}
        .refresh=${refresh}
        .link=${link}
        .speed=${speed}
      ></cbm-volume-ticker>
    </div>`;
  }
}
