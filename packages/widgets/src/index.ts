/**
 * @cbmo4ers/widgets: importing this entry registers every element. To register only some, import
 * `@cbmo4ers/widgets/<name>` (e.g. `@cbmo4ers/widgets/price-ticker`).
 */
import './components/dashboard/dashboard.js';

export { CbmElement } from './base/cbm-element.js';
export type { Theme } from './base/cbm-widget.js';
export { CbmWidget } from './base/cbm-widget.js';
export type { CbmErrorDetail, CbmSelectDetail, CbmStaleDetail, CbmUpdateDetail } from './base/events.js';
export type { LinkedRow } from './base/render.js';
export { TopicController } from './base/topic-controller.js';
export { CbmDashboard } from './components/dashboard/dashboard.component.js';
export { CbmGainersTable } from './components/movers-table/gainers-table.component.js';
export { CbmLosersTable } from './components/movers-table/losers-table.component.js';
export { CbmMoversTable } from './components/movers-table/movers-table.component.js';
export { CbmPriceTicker } from './components/price-ticker/price-ticker.component.js';
export { CbmStatus } from './components/status/status.component.js';
export { CbmTicker } from './components/ticker/ticker.component.js';
export { CbmVolumeTicker } from './components/volume-ticker/volume-ticker.component.js';
export type { WidgetsConfig } from './config/config.js';
export { configure } from './config/config.js';
