// Both movers tables at once.
export { CbmGainersTable } from './gainers-table.js';
export { CbmLosersTable } from './losers-table.js';
