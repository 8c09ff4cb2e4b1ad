import type { EnvelopeFields, RowTopic, Topic, TopicData } from './wire.js';

/** Everything a topic is called, in every layer, and its row limits. */
export interface TopicInfo {
  /** The endpoint's path. */
  path: string;
  /** The stream's name for it: the `topics` parameter and the `event:` line. */
  event: string;
  /** The body's `component` field (absent from the health document). */
  component?: string;
  /** The custom element that shows it. */
  element: string;
}

/** A topic with rows, and how many rows it sends. */
export interface RowTopicInfo extends TopicInfo {
  component: string;
  /** Rows sent without a `limit`. */
  defaultRows: number;
  /** The largest `limit` accepted. */
  maxRows: number;
}

/** The most rows any topic sends (`limit` 1..MAX_ROWS). */
export const MAX_ROWS = 100;

/**
 * The one table of names: a topic is `topBanner` in code, `top-banner-scroll` on the wire (path and stream
 * event), `top_banner_scroll` in its body, and `<cbm-price-ticker>` on a page. Nothing else spells these out.
 */
export const TOPIC_TABLE = {
  gainers: {
    path: '/api/component/gainers-table',
    event: 'gainers-table',
    component: 'gainers_table',
    element: 'cbm-gainers-table',
    defaultRows: 15,
    maxRows: MAX_ROWS,
  },
  losers: {
    path: '/api/component/losers-table',
    event: 'losers-table',
    component: 'losers_table',
    element: 'cbm-losers-table',
    defaultRows: 15,
    maxRows: MAX_ROWS,
  },
  topBanner: {
    path: '/api/component/top-banner-scroll',
    event: 'top-banner-scroll',
    component: 'top_banner_scroll',
    element: 'cbm-price-ticker',
    defaultRows: 20,
    maxRows: MAX_ROWS,
  },
  bottomBanner: {
    path: '/api/component/bottom-banner-scroll',
    event: 'bottom-banner-scroll',
    component: 'bottom_banner_scroll',
    element: 'cbm-volume-ticker',
    defaultRows: 20,
    maxRows: MAX_ROWS,
  },
  health: {
    path: '/api/health',
    event: 'health',
    element: 'cbm-status',
  },
} as const satisfies Record<RowTopic, RowTopicInfo> & { health: TopicInfo };

/** The fields of a topic's envelope that never change: its `component`, discriminator and `time_frame`. */
export type EnvelopeHead<T extends RowTopic> = Omit<TopicData[T], keyof EnvelopeFields<unknown>>;

/**
 * Each row topic's envelope head, in the order the server writes the fields before `data`. Apart from the
 * table above because only the server writes them (clients read them): it keeps them out of client bundles.
 */
export const ENVELOPE_HEADS: { readonly [T in RowTopic]: Readonly<EnvelopeHead<T>> } = {
  gainers: { component: 'gainers_table', table_type: 'gainers', time_frame: '3_minutes' },
  losers: { component: 'losers_table', table_type: 'losers', time_frame: '3_minutes' },
  topBanner: { component: 'top_banner_scroll', focus: 'price_change', time_frame: '1_hour' },
  bottomBanner: { component: 'bottom_banner_scroll', focus: 'volume_change', time_frame: '1_hour' },
};

/** Every topic, in the order of the stream's `topics` parameter. */
export const TOPICS = Object.keys(TOPIC_TABLE) as Topic[];

/** The topics with rows. */
export const ROW_TOPICS = TOPICS.filter((topic): topic is RowTopic => topic !== 'health');

/** The stream's name for each topic (`gainers-table`...). */
export type StreamEventName = (typeof TOPIC_TABLE)[Topic]['event'];

/** The topic of a stream event name or endpoint slug; `undefined` for anything else. */
export const topicOfEvent = (event: string): Topic | undefined =>
  TOPICS.find((topic) => TOPIC_TABLE[topic].event === event);
