import { CbmVolumeTicker } from './volume-ticker.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-volume-ticker')) customElements.define('cbm-volume-ticker', CbmVolumeTicker);

export { CbmVolumeTicker };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-volume-ticker': CbmVolumeTicker;
  }
}
