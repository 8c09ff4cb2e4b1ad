import { CbmGainersTable } from './movers-table.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-gainers-table')) customElements.define('cbm-gainers-table', CbmGainersTable);

export { CbmGainersTable };
