/**
 * @cbmo4ers/widgets: importing this entry registers every element. To register only some, import
 * `@cbmo4ers/widgets/<name>` (e.g. `@cbmo4ers/widgets/price-ticker`).
 */
import './components/dashboard/dashboard.js';

export type {
  CbmErrorDetail,
  CbmSelectDetail,
  CbmStaleDetail,
  CbmUpdateDetail,
  LinkedRow,
  Theme,
} from './base/cbm-element.js';
export { CbmElement } from './base/cbm-element.js';
export { CbmDashboard } from './components/dashboard/dashboard.component.js';
export {
  CbmGainersTable,
  CbmLosersTable,
  CbmMoversTable,
} from './components/movers-table/movers-table.component.js';
export { CbmPriceTicker } from './components/price-ticker/price-ticker.component.js';
export { CbmStatus } from './components/status/status.component.js';
export { CbmTicker } from './components/ticker/ticker.component.js';
export { CbmVolumeTicker } from './components/volume-ticker/volume-ticker.component.js';
export type { WidgetsConfig } from './config/config.js';
export { configure } from './config/config.js';
