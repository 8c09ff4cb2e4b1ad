/** The pieces of a render that every state needs: the first frame, links, the stale badge, error and empty messages. */
import type { TopicState } from '@cbmo4ers/sdk';
import { html, nothing } from 'lit';
import { formatAge } from '../format/format.js';
import { emit } from './events.js';

/** A row that can be linked. */
export interface LinkedRow {
  symbol: string;
  base: string;
  url?: string;
}

/** The first render of a table or ticker: its frame, which its styles size, and nothing in it yet. */
export const frame = html`<div part="base" class="base"></div>`;

/**
 * Where a row links to: the `link` template with `{base}` and `{symbol}`, else the row's own page, else its
 * Coinbase price page; undefined for `link="none"` and for anything but http(s).
 */
export const hrefFor = (template: string | undefined, row: LinkedRow): string | undefined => {
  if (template === 'none') return undefined;
  const url = template
    ? template
        .replaceAll('{base}', encodeURIComponent(row.base))
        .replaceAll('{symbol}', encodeURIComponent(row.symbol))
    : row.url || `https://www.coinbase.com/price/${encodeURIComponent(row.base.toLowerCase())}`;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The symbol of a row of `host`, as a link unless `link="none"`. A click fires `cbm-select` at the host first;
 * cancelling it keeps the browser from following the link.
 */
export const renderSymbol = (host: HTMLElement & { link: string | undefined }, row: LinkedRow) => {
  const href = hrefFor(host.link, row);
  if (!href) return html`<span part="symbol" class="symbol">${row.base}</span>`;
  const select = (event: Event) => {
    if (!emit(host, 'cbm-select', { symbol: row.symbol, base: row.base, href }, true)) event.preventDefault();
  };
  return html`<a part="symbol" class="symbol" href=${href} @click=${select}>${row.base}</a>`;
};

/** While the data shown is stale: a badge with its age. */
export const renderStaleBadge = (
  { stale, data, updatedAt }: TopicState<unknown>,
  locale: string | undefined,
) => {
  if (!stale || data === undefined) return nothing;
  const age = formatAge(Date.now() - (updatedAt ?? Date.now()), locale);
  // Not a live region: its age ticks every second, and announcing each tick would drown everything else.
  return html`<span part="badge stale" class="badge stale">Stale · ${age}</span>`;
};

/** A failed load with nothing to show: what could not be loaded, and a retry button (disabled while retrying). */
export const renderError = (what: string, retrying: boolean, retry: () => void) =>
  html`<div part="error" class="message error" role="alert">
    <span>Could not load ${what}.</span>
    <button part="retry" type="button" ?disabled=${retrying} @click=${retry}>
      ${retrying ? 'Retrying…' : 'Retry'}
    </button>
  </div>`;

export const renderEmpty = (text: string) => html`<div part="empty" class="message empty">${text}</div>`;
