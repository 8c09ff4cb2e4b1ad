/**
 * React wrappers (`@cbmo4ers/widgets/react`): each element as a React component, its `cbm-*` events as
 * `onCbmSelect`, `onCbmUpdate`, `onCbmStale` and `onCbmError` props. Importing it registers every element.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { CbmErrorDetail, CbmSelectDetail, CbmStaleDetail, CbmUpdateDetail } from './base/events.js';
import { CbmDashboard } from './components/dashboard/dashboard.js';
import { CbmGainersTable, CbmLosersTable } from './components/movers-table/movers-table.js';
import { CbmPriceTicker } from './components/price-ticker/price-ticker.js';
import { CbmStatus } from './components/status/status.js';
import { CbmVolumeTicker } from './components/volume-ticker/volume-ticker.js';

const dataEvents = {
  onCbmUpdate: 'cbm-update' as EventName<CustomEvent<CbmUpdateDetail>>,
  onCbmStale: 'cbm-stale' as EventName<CustomEvent<CbmStaleDetail>>,
  onCbmError: 'cbm-error' as EventName<CustomEvent<CbmErrorDetail>>,
};
const events = { ...dataEvents, onCbmSelect: 'cbm-select' as EventName<CustomEvent<CbmSelectDetail>> };

export const PriceTicker = createComponent({
  react: React,
  tagName: 'cbm-price-ticker',
  elementClass: CbmPriceTicker,
  events,
});
export const VolumeTicker = createComponent({
  react: React,
  tagName: 'cbm-volume-ticker',
  elementClass: CbmVolumeTicker,
  events,
});
export const GainersTable = createComponent({
  react: React,
  tagName: 'cbm-gainers-table',
  elementClass: CbmGainersTable,
  events,
});
export const LosersTable = createComponent({
  react: React,
  tagName: 'cbm-losers-table',
  elementClass: CbmLosersTable,
  events,
});
export const Status = createComponent({
  react: React,
  tagName: 'cbm-status',
  elementClass: CbmStatus,
  events: dataEvents,
});
export const Dashboard = createComponent({
  react: React,
  tagName: 'cbm-dashboard',
  elementClass: CbmDashboard,
  events,
});

export { configure } from './config/config.js';
