export { type Simulator, type SimulatorOptions, startSimulator } from '@cbmo4ers/simulator';
export { type Config, ConfigError, loadConfig, type MarketSource } from './config.js';
export { MarketEngine } from './engine/engine.js';
export type { Candle, ProductInfo, ProductStats, Trade } from './engine/inputs.js';
export type { EngineSnapshot, MoverRow, PriceBannerRow, VolumeBannerRow } from './engine/rows.js';
export { type AppDeps, type BuiltApp, createApp } from './http/app.js';
export { createLogger, type RunningServer, type StartOptions, startServer, VERSION } from './server.js';
