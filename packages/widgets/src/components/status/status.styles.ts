import { css } from 'lit';

export const statusStyles = css`
  .base {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 16px;
    min-height: calc(var(--_row) + 2px);
    padding: 4px 12px;
    color: var(--_muted);
  }
  .base > * {
    white-space: nowrap;
  }
  /* Room for the widest label and value from the start, so nothing moves (or wraps anew) when POLLING turns
     LIVE, the first time replaces the dash and the server's state arrives. */
  .mode {
    min-width: 6.2em;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-weight: 700;
    letter-spacing: 0.04em;
    color: var(--_text);
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_muted);
  }
  .live .dot {
    background: var(--_up);
  }
  .offline .dot {
    background: var(--_down);
  }
  .value {
    color: var(--_text);
    font-weight: 600;
  }
  .time,
  .server {
    display: inline-block;
    min-width: 7.1em;
  }
  .server {
    min-width: 5.4em;
  }
  .base > .badge,
  .base > button {
    margin-inline-start: auto;
  }
`;
