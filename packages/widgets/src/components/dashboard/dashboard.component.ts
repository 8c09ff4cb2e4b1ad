import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { noChange } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';
import { html, unsafeStatic } from 'lit/static-html.js';
import { baseStyles } from '../../base/base.styles.js';
import { CbmWidget } from '../../base/cbm-widget.js';
import { dashboardStyles } from './dashboard.styles.js';

/** Sets properties on the element it is placed on: `<cbm-status ${forward({ api, live })}>`. */
class Forward extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('forward() belongs on an element');
  }

  render(_properties: object) {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [object]) {
    Object.assign(part.element, properties);
    return noChange;
  }
}
const forward = directive(Forward);

/** The tag of each topic's element, for the template. */
const tag = {
  health: unsafeStatic(TOPIC_TABLE.health.element),
  topBanner: unsafeStatic(TOPIC_TABLE.topBanner.element),
  gainers: unsafeStatic(TOPIC_TABLE.gainers.element),
  losers: unsafeStatic(TOPIC_TABLE.losers.element),
  bottomBanner: unsafeStatic(TOPIC_TABLE.bottomBanner.element),
};

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
export class CbmDashboard extends CbmWidget {
  static override styles = [baseStyles, dashboardStyles];
  static override properties = { limit: { type: Number }, speed: { type: Number } };

  /** Rows of each table. */
  declare limit: number;
  /** Scrolling speed of both tickers in px per second. */
  declare speed: number;

  constructor() {
    super();
    // The tables' own default.
    this.limit = 10;
    this.speed = 40;
  }

  protected override render() {
    const { api, locale, theme, live, refresh, link, limit, speed } = this;
    // What every child takes from the dashboard; the status bar has no links, tables no speed, tickers no limit.
    const data = { api, locale, theme, live, refresh };
    const table = { ...data, link, limit };
    const ticker = { ...data, link, speed };
    return html`<div part="base" class="base">
      <${tag.health} ${forward(data)}></${tag.health}>
      <${tag.topBanner} ${forward(ticker)}></${tag.topBanner}>
      <div part="tables" class="tables">
        <${tag.gainers} ${forward(table)}></${tag.gainers}>
        <${tag.losers} ${forward(table)}></${tag.losers}>
      </div>
      <${tag.bottomBanner} ${forward(ticker)}></${tag.bottomBanner}>
    </div>`;
  }
}
