import type { Topic } from '@cbmo4ers/sdk';

/** `cbm-select`: a symbol was activated. Cancel it to keep the link from being followed. */
export interface CbmSelectDetail {
  symbol: string;
  base: string;
  /** Where the link goes; `undefined` with `link="none"`. */
  href: string | undefined;
}
/** `cbm-update`: new data arrived. */
export interface CbmUpdateDetail {
  topic: Topic;
  /** The endpoint envelope (rows in `data.data`) or the health document. */
  data: unknown;
  updatedAt: number | undefined;
  stale: boolean;
}
/** `cbm-stale`: the data shown has become stale. */
export interface CbmStaleDetail {
  topic: Topic;
  updatedAt: number | undefined;
  /** Age of the data in ms. */
  age: number;
}
/** `cbm-error`: a refresh failed (data already shown, if any, stays). */
export interface CbmErrorDetail {
  topic: Topic;
  error: Error;
  message: string;
  /** Whether older data is still on screen. */
  hasData: boolean;
}

/** Every `cbm-*` event and its detail. */
export interface CbmEventDetails {
  'cbm-select': CbmSelectDetail;
  'cbm-update': CbmUpdateDetail;
  'cbm-stale': CbmStaleDetail;
  'cbm-error': CbmErrorDetail;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cbm-select': CustomEvent<CbmSelectDetail>;
    'cbm-update': CustomEvent<CbmUpdateDetail>;
    'cbm-stale': CustomEvent<CbmStaleDetail>;
    'cbm-error': CustomEvent<CbmErrorDetail>;
  }
}

/**
 * Fires a `cbm-*` event at `target`. It bubbles and crosses shadow roots, so the page can listen on any
 * ancestor. Returns false when a listener cancelled it (only a `cancelable` one can be).
 */
export const emit = <K extends keyof CbmEventDetails>(
  target: EventTarget,
  type: K,
  detail: CbmEventDetails[K],
  cancelable = false,
): boolean =>
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
