import { CbmPriceTicker } from './price-ticker.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-price-ticker')) customElements.define('cbm-price-ticker', CbmPriceTicker);

export { CbmPriceTicker };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-price-ticker': CbmPriceTicker;
  }
}
