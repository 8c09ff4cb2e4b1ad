// The wire types are the contract package's; the SDK re-exports them so that its users need one import.
export type {
  AlertLevel,
  AssetFields,
  BottomBannerEnvelope,
  BottomBannerRow,
  BreakerPosition,
  ClusterRole,
  DataSource,
  EnvelopeFields,
  ErrorBody,
  ErrorCode,
  GainersEnvelope,
  HealthDocument,
  HealthStatus,
  LivenessDocument,
  LosersEnvelope,
  Momentum,
  MoverRow,
  ReadinessDocument,
  RowOf,
  RowTopic,
  RowTopicInfo,
  StreamEvent,
  StreamEventName,
  StreamQuery,
  TimeFrame,
  TopBannerEnvelope,
  TopBannerRow,
  Topic,
  TopicData,
  TopicInfo,
  UpstreamState,
} from '@cbmo4ers/contract';
export type { BreakerState } from './breaker/breaker.js';
export type { CacheEntry, StorageAdapter } from './cache/cache.js';
export type { Client, ComponentQuery } from './client/client.js';
export { createClient } from './client/client.js';
export type { BreakerOptions, CacheOptions, ClientOptions, RetryOptions } from './client/options.js';
export { getSharedClient } from './client/shared.js';
export { checkContract } from './contract/contract.js';
export type { Envelope, PriceBannerRow, VolumeBannerRow } from './contract/deprecated.js';
export type { SdkErrorName } from './errors/errors.js';
export {
  CircuitOpenError,
  ContractError,
  HttpError,
  isCircuitOpenError,
  isContractError,
  isHttpError,
  isNetworkError,
  isSdkError,
  isTimeoutError,
  NetworkError,
  SdkError,
  TimeoutError,
} from './errors/errors.js';
export type { Clock, Platform, PlatformEvent } from './platform/platform.js';
export type { ClientStatus } from './status/status.js';
export type { TopicState, TopicStores } from './stores/stores.js';
export type { EventSourceConstructor, EventSourceLike } from './stream/stream.js';
