import type { Client, ClientStatus } from '@cbmo4ers/sdk';
import { html } from 'lit';
import { baseStyles } from '../../base/base.styles.js';
import { CbmElement } from '../../base/cbm-element.js';
import { renderStaleBadge } from '../../base/render.js';
import { formatTime } from '../../format/format.js';
import { statusStyles } from './status.styles.js';

const MODES = { live: 'LIVE', polling: 'POLLING', offline: 'OFFLINE' } as const;

/**
 * The connection as the page's shared client sees it: whether data streams live, is polled or cannot be
 * reached, when it last arrived, the circuit breaker and the failures in a row; plus the server's own health,
 * `unknown` while the server cannot be reached. A change of mode is announced (a polite live region).
 *
 * @tagname cbm-status
 * @summary LIVE / POLLING / OFFLINE with the last update time, breaker state and error count.
 *
 * @csspart base - The status bar.
 * @csspart status - The LIVE / POLLING / OFFLINE label.
 * @csspart badge - The stale badge.
 * @csspart retry - The retry button, shown while offline.
 *
 * @cssproperty --cbm-color-bg - Background.
 * @cssproperty --cbm-color-text - Text colour.
 * @cssproperty --cbm-color-muted - Secondary text colour.
 * @cssproperty --cbm-color-border - Border colour.
 * @cssproperty --cbm-color-up - Colour of the live dot.
 * @cssproperty --cbm-color-down - Colour of the offline dot.
 * @cssproperty --cbm-font-family - Font family.
 * @cssproperty --cbm-font-size - Base font size.
 * @cssproperty --cbm-radius - Corner radius.
 * @cssproperty --cbm-row-height - Height of the bar.
 *
 * @fires cbm-update - A new health document; `detail: { topic: 'health', data, updatedAt, stale }`.
 * @fires cbm-stale - The health document became stale; `detail: { topic, updatedAt, age }`.
 * @fires cbm-error - A health request failed; `detail: { topic, error, message, hasData }`.
 */
export class CbmStatus extends CbmElement<'health'> {
  static override styles = [baseStyles, statusStyles];

  constructor() {
    super('health');
  }

  protected override extraStores(client: Client) {
    return [client.$status];
  }

  /** The clock's formatter too, a task later: a date format costs several ms more once ICU has started. */
  protected override warm(): void {
    super.warm();
    setTimeout(() => formatTime(0, this.resolvedLocale));
  }

  protected override render() {
    const status: ClientStatus | undefined = this.client?.$status.get();
    const health = this.state.data;
    const mode = status?.mode ?? 'polling';
    const locale = this.resolvedLocale;
    // The last health document says nothing about now while the server cannot be reached or is being probed.
    const known = mode !== 'offline' && status?.breaker !== 'half-open' && !this.state.error;
    // The mode is the one live region: a change of connection is announced, the ticking time is not.
    return html`<div part="base" class="base" role="group" aria-label="Market data connection">
      <span part="status" class="mode ${mode}" role="status"
        ><span class="dot" aria-hidden="true"></span>${MODES[mode]}</span
      >
      <span
        >Updated
        <span class="value time">${status?.lastSuccessAt ? formatTime(status.lastSuccessAt, locale) : '—'}</span></span
      >
      <span>Breaker <span class="value">${status?.breaker ?? 'closed'}</span></span>
      <span>Errors <span class="value">${status?.consecutiveFailures ?? 0}</span></span>
      <span>Server <span class="value server">${known ? (health?.status ?? '—') : 'unknown'}</span></span>
      ${
        mode === 'offline'
          ? html`<button part="retry" type="button" @click=${() => this.client?.refresh()}>Retry</button>`
          : renderStaleBadge(this.state, locale)
      }
    </div>`;
  }
}
