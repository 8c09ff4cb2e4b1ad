import { CbmGainersTable, CbmLosersTable } from './movers-table.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-gainers-table')) customElements.define('cbm-gainers-table', CbmGainersTable);
if (!customElements.get('cbm-losers-table')) customElements.define('cbm-losers-table', CbmLosersTable);

export { CbmGainersTable, CbmLosersTable };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-gainers-table': CbmGainersTable;
    'cbm-losers-table': CbmLosersTable;
  }
}
