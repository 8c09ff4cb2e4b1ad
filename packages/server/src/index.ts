import type { BottomBannerRow, TopBannerRow } from '@cbmo4ers/contract';

export { type Simulator, type SimulatorOptions, startSimulator } from '@cbmo4ers/simulator';
export { type Config, ConfigError, loadConfig, type MarketSource } from './config.js';
export { MarketEngine } from './engine/engine.js';
export type { Candle, ProductInfo, ProductStats, Trade } from './engine/inputs.js';
export type { BottomBannerRow, EngineSnapshot, MoverRow, TopBannerRow } from './engine/rows.js';
export { type AppDeps, type BuiltApp, createApp } from './http/app.js';
export { createLogger, type RunningServer, type StartOptions, startServer, VERSION } from './server.js';

/** @deprecated Renamed `TopBannerRow` (the contract's one name for the top banner's row). */
export type PriceBannerRow = TopBannerRow;

/** @deprecated Renamed `BottomBannerRow` (the contract's one name for the bottom banner's row). */
export type VolumeBannerRow = BottomBannerRow;
