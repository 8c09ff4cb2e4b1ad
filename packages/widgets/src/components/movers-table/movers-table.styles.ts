import { css } from 'lit';

export const moversTableStyles = css`
  :host {
    --_caption: 40px;
    container-type: inline-size;
  }
  .base {
    min-height: calc(var(--_caption) + var(--_row) * (var(--_rows, 10) + 1) + 2px);
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    table-layout: fixed;
  }
  caption {
    height: var(--_caption);
    padding: 0 12px;
    text-align: start;
    border-bottom: 1px solid var(--_border);
  }
  .caption {
    display: flex;
    align-items: center;
    gap: 8px;
    height: 100%;
    font-weight: 600;
  }
  .caption .badge {
    margin-inline-start: auto;
  }
  th,
  td {
    height: var(--_row);
    padding: 0 8px;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    text-align: start;
    font-weight: 400;
  }
  tbody tr:last-child > * {
    border-bottom: 0;
  }
  /* Same font size as the body: the column widths below are in em and the header row sets them. */
  thead th {
    color: var(--_muted);
    font-weight: 600;
  }
  .rank {
    width: 3em;
    padding-inline-start: 12px;
    color: var(--_muted);
  }
  .num {
    text-align: end;
  }
  .price {
    /* Room for sub-cent prices such as $0.000000123 without ellipsis. */
    width: 9.5em;
  }
  .change {
    width: 7.5em;
    font-weight: 600;
  }
  .trend {
    width: 64px;
  }
  .signals {
    width: 9em;
    padding-inline-end: 12px;
  }
  /* Names start in one column whatever the symbol before them (up to five letters): a row that shows another
     asset moves nothing on the page (no layout shift). */
  .symbol {
    display: inline-block;
    min-width: 4em;
    font-weight: 600;
  }
  .name {
    margin-inline-start: 2px;
    color: var(--_muted);
  }
  .signals .badge + .badge {
    margin-inline-start: 4px;
  }
  svg {
    display: block;
    width: 48px;
    height: 20px;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
  }
  polyline {
    vector-effect: non-scaling-stroke;
  }
  .message-row td {
    height: calc(var(--_row) * var(--_rows, 10));
  }
  /* A changed price is highlighted for 0.8 s, on then off. The end is an animation's delay, so nothing is drawn
     in between; a fade draws every frame, and with prices changing every second the page would never stop
     compositing (on a phone, main-thread and battery time for a table at rest). A background on the cell
     itself: no extra box or layer per cell, no layout. */
  .flash-0,
  .flash-1 {
    background: var(--_subtle);
  }
  .flash-0 {
    animation: cbm-flash-0 0s 0.8s forwards;
  }
  .flash-1 {
    animation: cbm-flash-1 0s 0.8s forwards;
  }
  @keyframes cbm-flash-0 {
    to {
      background: transparent;
    }
  }
  @keyframes cbm-flash-1 {
    to {
      background: transparent;
    }
  }
  /* Narrow containers drop columns one at a time, so the asset name always keeps room. */
  @container (max-width: 640px) {
    .signals {
      display: none;
    }
    .trend {
      padding-inline-end: 12px;
    }
  }
  @container (max-width: 520px) {
    .trend {
      display: none;
    }
  }
  /* A phone: narrower figures and padding, and no arrow (the sign says the same), leave the asset cell room for
     a whole symbol; the name after it is what the ellipsis takes. */
  @container (max-width: 420px) {
    th,
    td {
      padding: 0 4px;
    }
    .rank {
      width: 2.4em;
      padding-inline-start: 8px;
    }
    .price {
      width: 8em;
    }
    .change {
      width: 6.2em;
      padding-inline-end: 8px;
    }
    .change > [aria-hidden] {
      display: none;
    }
  }
  /* A small phone: the rank goes too (the order of the rows says it). */
  @container (max-width: 360px) {
    .rank {
      display: none;
    }
    tr > :nth-child(2) {
      padding-inline-start: 12px;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .flash-0,
    .flash-1 {
      background: none;
      animation: none;
    }
  }
`;
