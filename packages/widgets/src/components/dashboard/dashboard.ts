import '../movers-table/movers-table.js';
import '../price-ticker/price-ticker.js';
import '../status/status.js';
import '../volume-ticker/volume-ticker.js';
import { CbmDashboard } from './dashboard.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-dashboard')) customElements.define('cbm-dashboard', CbmDashboard);

export { CbmDashboard };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-dashboard': CbmDashboard;
  }
}
