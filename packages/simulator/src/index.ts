/**
 * `@cbmo4ers/simulator`: a fake Coinbase Exchange on loopback (REST products, currencies, candles, stats and the
 * WebSocket ticker, matches and heartbeat channels), seeded and deterministic, with fault knobs. The CBMo4ers
 * server runs it as its embedded default market; anything that speaks to Coinbase Exchange can be tested
 * against it.
 */
export type { SimProduct } from './catalog.js';
export type { SimulatorFaults } from './faults.js';
export { SimulatorOptionError, type SimulatorOptions } from './options.js';
export { type Simulator, type SimulatorStats, startSimulator } from './simulator.js';
