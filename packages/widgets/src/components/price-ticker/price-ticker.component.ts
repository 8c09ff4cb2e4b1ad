import type { TopBannerRow } from '@cbmo4ers/sdk';
import { formatPrice, quoteCurrency } from '../../format/format.js';
import { CbmTicker, type TickerFigures } from '../ticker/ticker.component.js';

/**
 * The top banner: every tracked asset's price and its 1-hour change, biggest moves first, scrolling in a loop.
 *
 * @tagname cbm-price-ticker
 * @summary A scrolling strip of 1-hour price changes.
 *
 * @attr limit - Items shown, 1..100. Default 20.
 * @attr speed - Scrolling speed in px per second. Default 40.
 * @attr paused - Present while scrolling is paused (the pause button toggles it).
 * @attr label - Accessible name of the strip. Default: `Price changes, 1 hour`, numbered from the second ticker of its kind on a page (`Price changes, 1 hour (2)`).
 *
 * @csspart base - The strip.
 * @csspart pause - The pause/play button.
 * @csspart track - The moving track holding both copies.
 * @csspart item - One asset.
 * @csspart symbol - The asset's ticker symbol (a link unless `link="none"`).
 * @csspart price - The price.
 * @csspart change - The signed 1-hour change.
 * @csspart badge - The stale badge.
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
 * @cssproperty --cbm-color-subtle - Button and skeleton background.
 * @cssproperty --cbm-font-family - Font family.
 * @cssproperty --cbm-font-size - Base font size.
 * @cssproperty --cbm-radius - Corner radius.
 * @cssproperty --cbm-row-height - Height of the strip.
 * @cssproperty --cbm-ticker-hold - How long the strip stays still after its items appear before it scrolls. Default 2s.
 *
 * @fires cbm-select - A symbol was clicked; `detail: { symbol, base, href }`. Cancel it to stay on the page.
 * @fires cbm-update - New data; `detail: { topic, data, updatedAt, stale }`.
 * @fires cbm-stale - The data became stale; `detail: { topic, updatedAt, age }`.
 * @fires cbm-error - A refresh failed; `detail: { topic, error, message, hasData }`.
 */
export class CbmPriceTicker extends CbmTicker<'topBanner'> {
  protected readonly defaultLabel = 'Price changes, 1 hour';
  protected readonly emptyText = 'No price changes right now.';

  constructor() {
    super('topBanner');
  }

  protected figures(row: TopBannerRow, locale: string | undefined): TickerFigures {
    return {
      value: formatPrice(row.current_price, locale, quoteCurrency(row.symbol)),
      change: row.price_change_1h,
    };
  }
}
