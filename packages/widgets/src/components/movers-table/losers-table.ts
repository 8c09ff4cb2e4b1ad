import { CbmLosersTable } from './movers-table.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-losers-table')) customElements.define('cbm-losers-table', CbmLosersTable);

export { CbmLosersTable };
