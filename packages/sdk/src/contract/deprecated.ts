import type { BottomBannerRow, EnvelopeFields, TimeFrame, TopBannerRow } from '@cbmo4ers/contract';

/*
 * Names the SDK exported before the wire types moved to `@cbmo4ers/contract`, kept so that code written
 * against them still compiles.
 */

/** @deprecated Renamed `TopBannerRow` (the contract's one name for the top banner). */
export type PriceBannerRow = TopBannerRow;

/** @deprecated Renamed `BottomBannerRow` (the contract's one name for the bottom banner). */
export type VolumeBannerRow = BottomBannerRow;

/** @deprecated Use the topic's envelope (`GainersEnvelope`...) or `EnvelopeFields<Row>`. */
export type Envelope<Component extends string, Row> = EnvelopeFields<Row> & {
  component: Component;
  time_frame: TimeFrame;
};
