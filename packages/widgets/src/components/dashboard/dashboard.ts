import '../movers-table/movers-table.js';
import '../price-ticker/price-ticker.js';
import '../status/status.js';
import '../volume-ticker/volume-ticker.js';
import { CbmDashboard } from './dashboard.component.js';

CbmDashboard.define('cbm-dashboard');

export { CbmDashboard };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-dashboard': CbmDashboard;
  }
}
